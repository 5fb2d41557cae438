"""Runs `python -m MODULE [ARGS...]` in a child process and restarts it when its Python sources change (Development).

Usage: python module_reload.py MODULE [ARGS...]   (in the app's directory, with the app's environment)

Watched: every *.py file under the working directory and under each PYTHONPATH directory, except tests/, __pycache__,
node_modules and hidden directories, polled by modification time, size and inode every 0.5 s (Debian 12 has no
file-watching library for Python 3; uvicorn's own StatReload polls the same way).

- Before every start (the first one included) every watched file is compiled, in memory (`compile()`, no .pyc
  written; 17-34 ms for the strategy with apps/common, 58 files, on a busy 2-core machine, against about 1 s for the
  strategy's own imports).
  If one does not compile, its error is printed (file, line, message) with "MODULE is stopped until a change
  compiles", and nothing is started: the launcher keeps running and waits for a change after which every file
  compiles, then starts the module. While it waits it has no child process, and the AppHost's liveness probe
  (WithLivenessProbe) does not probe it: a wait of any length is not a hang.
- A change while the module runs: the module is stopped (SIGTERM, SIGKILL after 5 s), then started again as above (or
  left stopped, with the error printed, if the sources no longer compile: the previous code does not keep running).
- The module ending on its own (an exception, an exit, kill -9, an out-of-memory kill): if a watched file changed
  since it was started, that is a reload (a save landing while it started): it is started again as above. Otherwise
  this launcher ends with the same status (its exit code, or 128 + the signal number), so the AppHost sees the
  resource exit and its restart policy applies. Except a failed start-up: code 1 (an uncaught exception: an
  ImportError, a NameError at a module's top level) within STARTUP_SECONDS of the start. A code error would fail each
  restart the same way and the policy would give up before the fix is saved, so the launcher says so ("MODULE (pid N)
  failed at start-up ...; MODULE starts again when a watched file changes, or by itself in 5 s", below the module's
  traceback) and waits with no child for a change to a watched file, as uvicorn --reload (0.17) and Flask's reloader
  do. As the failure may need no change (a dependency not up yet), it also starts the module again by itself ("MODULE:
  retrying the start (attempt N, no file changed)") after 5 s, then 10, 20, ... at most 60 s between failed
  start-ups in a row, again from 5 s after a run past STARTUP_SECONDS (MODULE_RELOAD_RETRY_SECONDS="5,60", first and
  most, or "5,60,10" to set STARTUP_SECONDS as well: tests shorten them). Code
  2 (a configuration error by the apps' convention: no change of code fixes the environment), other codes, signals and
  later exits (crashes at run time) still end the launcher.
- SIGTERM, SIGINT or SIGHUP (a terminal closing) to this launcher (the AppHost stopping the resource): passed to the
  child (SIGHUP as SIGTERM, the stop a module handles), then this launcher exits with the child's code (0 when no
  child runs). The child has a process group of its own, so Ctrl+C or a hangup sent to the terminal's group reaches it
  once, through this launcher (in the launcher's group it was also signalled directly: SIGINT twice, and SIGHUP killed
  it before its SIGTERM handler could run).
- The child is started with PR_SET_PDEATHSIG=SIGKILL: if this launcher is killed (kill -9 of the pid the AppHost
  shows), the kernel kills the child too; nothing is left running.
"""
import ctypes
import os
import signal
import subprocess
import sys
import time
import warnings

POLL_SECONDS = 0.5
STOP_SECONDS = 5.0
STARTUP_SECONDS = 10.0  # the strategy imports in about 2 s on a 2-core machine at load 28
RETRY_VARIABLE = "MODULE_RELOAD_RETRY_SECONDS"
PR_SET_PDEATHSIG = 1
SKIPPED_DIRECTORIES = {"tests", "__pycache__", "node_modules"}
_requested = {"signal": None}

Sources = dict[str, tuple[int, int, int]]
"""Watched file (absolute path) -> (modification time in ns, size in bytes, inode: an editor's save by rename)."""


def _say(message: str, error: bool = False) -> None:
    print(f"module_reload: {message}", file=sys.stderr if error else sys.stdout, flush=True)


def _roots() -> list[str]:
    roots = [os.getcwd()] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return list(dict.fromkeys(root for root in map(os.path.realpath, roots) if os.path.isdir(root)))  # in order, once each


def _sources(roots: list[str]) -> Sources:
    found = {}
    for root in roots:
        for directory, subdirectories, files in os.walk(root):
            subdirectories[:] = [d for d in subdirectories if d not in SKIPPED_DIRECTORIES and not d.startswith(".")]
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(directory, name)
                    try:
                        status = os.stat(path)
                    except OSError:  # deleted meanwhile, or unreadable (a symlink loop): not a source
                        continue
                    found[path] = (status.st_mtime_ns, status.st_size, status.st_ino)
    return found


def _changed(current: Sources, before: Sources) -> list[str]:
    return sorted(path for path in set(current) | set(before) if current.get(path) != before.get(path))


def _names(paths: list[str]) -> str:
    return ", ".join(os.path.relpath(p) for p in paths[:3]) + (", ..." if len(paths) > 3 else "")


def _compile_errors(paths: list[str]) -> dict[str, str]:
    """Compiles each file in memory (no .pyc written); returns path -> "file:line: message" for those that fail.

    A file deleted meanwhile is skipped (the next poll sees it gone). Warnings (e.g. invalid escape sequences) are not
    printed here: the module prints them itself when it imports the file.
    """
    errors = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in paths:
            try:
                with open(path, "rb") as source:
                    compile(source.read(), path, "exec", dont_inherit=True)
            except FileNotFoundError:
                pass
            except SyntaxError as error:
                errors[path] = f"{error.filename or path}:{error.lineno}: {error.msg}"
            except (OSError, ValueError) as error:
                errors[path] = f"{path}: {error}"
    return errors


def _die_with(launcher: int):
    def set_parent_death_signal() -> None:
        """Runs in the child between fork and exec: the kernel kills it when the launcher dies."""
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != launcher:  # the launcher died before the signal was armed
            os._exit(1)
    return set_parent_death_signal


def _start(module: str, arguments: list[str]) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-m", module, *arguments], preexec_fn=_die_with(os.getpid()), process_group=0)
    child.started = time.monotonic()
    _say(f"started {module} (pid {child.pid})")
    return child


def _compiled_sources(roots: list[str]) -> tuple[Sources, dict[str, str]]:
    """The watched files (read before compiling: a save after this shows as a change against them) and the errors of
    those that do not compile."""
    sources = _sources(roots)
    return sources, _compile_errors(sorted(sources))


def _say_not_compiling(module: str, changed: list[str], errors: dict[str, str]) -> None:
    """`changed`: the files whose change led here (empty for the first start)."""
    broken = sorted(errors)
    do = "does" if len(broken) == 1 else "do"
    if not changed:
        cause = f"{_names(broken)} {do} not compile"
    elif set(broken) <= set(changed):
        cause = f"{_names(changed)} changed but {do} not compile"
    else:
        cause = f"{_names(changed)} changed but {_names(broken)} {do} not compile"
    _say(f"{cause}; {module} is stopped until a change compiles:\n  " + "\n  ".join(errors[p] for p in broken), error=True)


def _start_if_it_compiles(module: str, arguments: list[str], roots: list[str], changed: list[str]) -> tuple[subprocess.Popen | None, Sources]:
    """Starts the module if every watched file compiles, else says why not (see _say_not_compiling) and starts nothing.

    Returns the child (None when not started) and the sources it was compiled from, against which changes are seen.
    """
    sources, errors = _compiled_sources(roots)
    if errors:
        _say_not_compiling(module, changed, errors)
        return None, sources
    return _start(module, arguments), sources


def _stop(child: subprocess.Popen, signum: int = signal.SIGTERM) -> int:
    if child.poll() is None:
        child.send_signal(signum)
        try:
            child.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            _say(f"pid {child.pid} did not stop within {STOP_SECONDS:g} s: killed", error=True)
            child.kill()
            child.wait()
    return child.returncode


def _exit_status(returncode: int) -> int:
    return 128 - returncode if returncode < 0 else returncode


def _describe(returncode: int) -> str:
    return f"signal {-returncode}" if returncode < 0 else f"code {returncode}"


def _on_signal(signum, _frame) -> None:
    _requested["signal"] = signal.SIGTERM if signum == signal.SIGHUP else signum


def _retry_seconds() -> tuple[float, float, float]:
    """The wait before retrying a failed start-up by itself, its most (doubled after each failure in a row), and the
    start-up window (STARTUP_SECONDS unless a third value is given)."""
    value = os.environ.get(RETRY_VARIABLE, "5,60")
    try:
        first, most, *window = (float(part) for part in value.split(","))
        if 0 < first <= most and len(window) <= 1 and all(w > 0 for w in window):
            return first, most, (window or [STARTUP_SECONDS])[0]
    except ValueError:
        pass
    _say(f"{RETRY_VARIABLE}={value!r} is not FIRST,MOST[,STARTUP] seconds with 0 < FIRST <= MOST and 0 < STARTUP (e.g. 5,60 or 5,60,10): "
         "set it so or unset it", error=True)
    sys.exit(2)


def main() -> None:
    if len(sys.argv) < 2:
        _say("usage: python module_reload.py MODULE [ARGS...], e.g. python module_reload.py strategy", error=True)
        sys.exit(2)
    module, arguments, (retry_first, retry_most, startup) = sys.argv[1], sys.argv[2:], _retry_seconds()
    failures, retry_at = 0, None  # failed start-ups in a row; when the module, stopped after one, is started by itself
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _on_signal)
    roots = _roots()
    _say(f"watching {len(_sources(roots))} Python files under {', '.join(roots)}")
    child, known = _start_if_it_compiles(module, arguments, roots, changed=[])
    while True:
        if _requested["signal"] is not None:
            sys.exit(_exit_status(_stop(child, _requested["signal"])) if child is not None else 0)
        if child is not None:
            try:
                returncode = child.wait(POLL_SECONDS)
            except subprocess.TimeoutExpired:
                returncode = None
            if time.monotonic() - child.started >= startup:
                failures = 0
            if returncode is not None and _requested["signal"] is None:
                # `known` is what the running child was started from (a change seen while it ran restarts it at once).
                changed, ran = _changed(_sources(roots), known), time.monotonic() - child.started
                if not changed and returncode == 1 and ran < startup:
                    # min(failures, 32): after about 1000 failures (17 h) 2 ** failures would not convert to a float
                    delay, failures = min(retry_first * 2 ** min(failures, 32), retry_most), failures + 1
                    _say(f"{module} (pid {child.pid}) failed at start-up (exit code 1 after {ran:.1f} s, its error above); "
                         f"{module} starts again when a watched file changes, or by itself in {delay:g} s", error=True)
                    child, retry_at = None, time.monotonic() + delay
                    continue
                if not changed:
                    _say(f"{module} (pid {child.pid}) exited on its own with {_describe(returncode)}; exiting with it", error=returncode != 0)
                    sys.exit(_exit_status(returncode))
                _say(f"{module} (pid {child.pid}) exited with {_describe(returncode)} after {_names(changed)} changed: reloading",
                     error=returncode != 0)
                child, known = _start_if_it_compiles(module, arguments, roots, changed)
                continue
        else:
            time.sleep(POLL_SECONDS)  # not running (a file does not compile, or a failed start-up): the files are polled
        changed = _changed(_sources(roots), known)
        if _requested["signal"] is not None:
            continue
        if not changed:
            if retry_at is not None and time.monotonic() >= retry_at:  # set only while no child runs
                _say(f"{module}: retrying the start (attempt {failures + 1}, no file changed)")
                child, known = _start_if_it_compiles(module, arguments, roots, changed=[])
                retry_at = None
            continue
        retry_at = None
        sources, errors = _compiled_sources(roots)
        if errors:  # stopped, so the previous code does not keep running silently
            if child is not None:
                _stop(child)
                child = None
            _say_not_compiling(module, changed, errors)
            known = sources
            continue
        _say(f"{_names(changed)} changed: restarting {module}")
        if child is not None:
            _stop(child)
            child = None
            if _requested["signal"] is not None:  # the AppHost stopped the resource meanwhile: nothing to start
                continue
        # Compiled again: a save during the stop (up to STOP_SECONDS) is seen before the start.
        child, known = _start_if_it_compiles(module, arguments, roots, changed)


if __name__ == "__main__":
    main()
