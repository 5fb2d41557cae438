#!/usr/bin/env python3
"""Where the .NET tests' time goes, from the trx files `dotnet test --logger trx` writes (./test.sh: artifacts/test-results/dotnet).

Prints, per test assembly, its wall time (the trx file's run start to finish) and the test classes by elapsed time: from
the start of the class's first test to the start of whatever ran next, so a class fixture's start-up (a whole AppHost,
a PostgreSQL) and a class's teardown are in it (the start-up is counted to the class that ran before; exact only where
classes run one at a time, as in TradingAspire.EndToEnd.Tests); then the slowest tests by their own duration.

Usage: eng/test-durations.py [DIRECTORY] [--tests N] [--classes N]   (default artifacts/test-results/dotnet, 15, 10)
"""
import argparse
import glob
import os
import re
import xml.etree.ElementTree as ElementTree
from datetime import datetime

TRX = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def seconds_since_epoch(text: str) -> float:
    """A trx time (2026-12-06T04:10:41.1234567+00:00: seven fraction digits, which fromisoformat refuses) in seconds."""
    match = re.fullmatch(r"(.+T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?", text)
    if match is None:
        raise ValueError(f"not a trx time: {text!r}")
    zone = match.group(3) or "+00:00"
    whole = datetime.fromisoformat(match.group(1) + ("+00:00" if zone == "Z" else zone)).timestamp()
    return whole + float("0." + (match.group(2) or "0"))


def duration_seconds(text: str) -> float:
    hours, minutes, seconds = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def read_run(path: str) -> tuple[str, float, float, list[dict]]:
    """(assembly, run start, run finish, tests with class, name, start and duration) of one trx file."""
    root = ElementTree.parse(path).getroot()
    times = root.find(f"{TRX}Times")
    classes, assembly = {}, os.path.basename(path)
    for definition in root.iter(f"{TRX}UnitTest"):
        method = definition.find(f"{TRX}TestMethod")
        classes[definition.get("id")] = method.get("className")
        assembly = os.path.basename(method.get("codeBase")).removesuffix(".dll")
    tests = [{"class": classes[result.get("testId")].rsplit(".", 1)[-1],
              "name": result.get("testName").removeprefix(classes[result.get("testId")] + "."),  # a theory's arguments may hold dots
              "start": seconds_since_epoch(result.get("startTime")), "duration": duration_seconds(result.get("duration", "0:0:0")),
              "outcome": result.get("outcome")}
             for result in root.iter(f"{TRX}UnitTestResult") if result.get("startTime")]  # an aborted run leaves results without one
    return assembly, seconds_since_epoch(times.get("start")), seconds_since_epoch(times.get("finish")), tests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default="artifacts/test-results/dotnet")
    parser.add_argument("--tests", type=int, default=15)
    parser.add_argument("--classes", type=int, default=10)
    arguments = parser.parse_args()
    runs = [read_run(path) for path in sorted(glob.glob(os.path.join(arguments.directory, "*.trx")))]
    if not runs:
        raise SystemExit(f"test-durations: no .trx file in {arguments.directory} (run dotnet test with --logger trx)")
    for assembly, start, finish, tests in sorted((run for run in runs if run[3]), key=lambda run: run[1] - run[2]):  # a filter may leave none
        print(f"{assembly}: {finish - start:.1f} s, {len(tests)} tests; classes by elapsed time (set-up of the next class included):")
        tests.sort(key=lambda test: test["start"])
        if tests:
            print(f"  {tests[0]['start'] - start:7.1f} s  before the first test (start-up, the first class's fixtures)")
        elapsed: dict[str, list[float]] = {}
        for index, test in enumerate(tests):
            until = tests[index + 1]["start"] if index + 1 < len(tests) else finish
            elapsed.setdefault(test["class"], []).append(max(0.0, until - test["start"]))
        for name, spans in sorted(elapsed.items(), key=lambda item: -sum(item[1]))[:arguments.classes]:
            print(f"  {sum(spans):7.1f} s  {name} ({len(spans)})")
    print(f"slowest {arguments.tests} tests (own duration):")
    everything = [test for run in runs for test in run[3]]
    for test in sorted(everything, key=lambda test: -test["duration"])[:arguments.tests]:
        print(f"  {test['duration']:7.2f} s  {test['class']}.{test['name'][:160]}" + ("" if test["outcome"] == "Passed" else f"  [{test['outcome']}]"))


if __name__ == "__main__":
    main()
