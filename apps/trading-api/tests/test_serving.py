"""The event loop and HTTP parser named in trading-api's start line, as uvicorn chooses them."""
import asyncio
import sys

import uvloop

from trading_api.serving import APP, event_loop_name, http_parser_name


def test_the_event_loop_is_named_by_the_package_of_its_class():
    for loop, name in ((uvloop.new_event_loop(), "uvloop"), (asyncio.new_event_loop(), "asyncio")):
        try:
            assert event_loop_name(loop) == name
        finally:
            loop.close()


def test_the_http_parser_is_uvicorn_s_http_option_with_auto_resolved_as_uvicorn_does():
    launcher = "uvicorn_supervised.py"  # argv[0] does not matter: the AppHost's launcher, or uvicorn/__main__.py
    assert http_parser_name([launcher, APP, "--host", "127.0.0.1", "--port", "8000", "--reload"]) == "httptools"  # auto: httptools is installed
    assert http_parser_name([launcher, APP, "--http", "h11"]) == "h11"
    assert http_parser_name([launcher, "--http=httptools", "--workers", "2", APP]) == "httptools"


def test_uvicorn_s_environment_variable_counts_as_uvicorn_reads_it(monkeypatch):
    monkeypatch.setenv("UVICORN_HTTP", "h11")
    assert http_parser_name(["uvicorn", APP]) == "h11"


def test_a_process_that_is_not_uvicorn_serving_trading_api_has_an_unknown_parser():
    assert http_parser_name(["/usr/bin/pytest", "-q", "tests/test_serving.py"]) == "unknown"   # not uvicorn's options
    assert http_parser_name(["/usr/bin/pytest", "tests/test_serving.py"]) == "unknown"         # parses, but another "app"
    assert http_parser_name(["uvicorn", APP, "--http", "quic"]) == "unknown"                     # uvicorn itself would refuse it


def test_without_httptools_auto_is_h11_and_an_explicit_httptools_is_unknown(monkeypatch):
    # python3-httptools is optional: uvicorn's auto then serves with h11, and naming the parser must not fail the start.
    for module in [m for m in sys.modules if m == "httptools" or m.startswith("httptools.")
                   or m.startswith("uvicorn.protocols.http.")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, "httptools", None)   # `import httptools` raises ImportError
    assert http_parser_name(["uvicorn", APP]) == "h11"
    assert http_parser_name(["uvicorn", APP, "--http", "h11"]) == "h11"
    assert http_parser_name(["uvicorn", APP, "--http", "httptools"]) == "unknown"
