"""Runs `python -m MODULE [ARGS...]` in a child process and restarts it when its Python sources change (Development).

Usage: python module_reload.py MODULE [ARGS...]   (in the app's directory, with the app's environment)

Watched: every *.py file under the working directory and under each PYTHONPATH directory, except tests/, __pycache__
and hidden directories, polled by modification time every 0.5 s (Debian 12 has no file-watching library for Python 3;
uvicorn's own StatReload polls the same way).

- A change: the changed files are compiled first. A syntax error is printed (file, line, message) and the running
  child is stopped, so the previous code does not keep running silently; the next change that compiles starts it.
  Otherwise the child is stopped (SIGTERM, SIGKILL after 5 s) and started again.
- The child ending on its own (an exception, an exit, kill -9, an out-of-memory kill) ends this launcher with the same
  status (its exit code, or 128 + the signal number), so the AppHost sees the resource exit and its restart policy
  applies.
- SIGTERM or SIGINT to this launcher (the AppHost stopping the resource): passed to the child, then this launcher exits
  with the child's code.
- The child is started with PR_SET_PDEATHSIG=SIGKILL: if this launcher is killed (kill -9 of the pid the AppHost
  shows), the kernel kills the child too; nothing is left running.
"""
import ctypes
import os
import signal
import subprocess
import sys
import time

POLL_SECONDS = 0.5
STOP_SECONDS = 5.0
PR_SET_PDEATHSIG = 1
SKIPPED_DIRECTORIES = {"tests", "__pycache__", "node_modules"}
_requested = {"signal": None}


def _say(message: str, error: bool = False) -> None:
    print(f"module_reload: {message}", file=sys.stderr if error else sys.stdout, flush=True)


def _roots() -> list[str]:
    roots = [os.getcwd()] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    unique = []
    for root in (os.path.realpath(r) for r in roots):
        if os.path.isdir(root) and root not in unique:
            unique.append(root)
    return unique


def _sources(roots: list[str]) -> dict[str, int]:
    found = {}
    for root in roots:
        for directory, subdirectories, files in os.walk(root):
            subdirectories[:] = [d for d in subdirectories if d not in SKIPPED_DIRECTORIES and not d.startswith(".")]
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(directory, name)
                    try:
                        found[path] = os.stat(path).st_mtime_ns
                    except FileNotFoundError:
                        pass
    return found


def _die_with(launcher: int):
    def set_parent_death_signal() -> None:
        """Runs in the child between fork and exec: the kernel kills it when the launcher dies."""
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != launcher:  # the launcher died before the signal was armed
            os._exit(1)
    return set_parent_death_signal


def _start(module: str, arguments: list[str]) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-m", module, *arguments], preexec_fn=_die_with(os.getpid()))
    _say(f"started {module} (pid {child.pid})")
    return child


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


def _syntax_errors(paths: list[str]) -> list[str]:
    errors = []
    for path in paths:
        if os.path.exists(path):
            try:
                with open(path, "rb") as source:
                    compile(source.read(), path, "exec")
            except SyntaxError as error:
                errors.append(f"{error.filename}:{error.lineno}: {error.msg}")
            except (OSError, ValueError) as error:
                errors.append(f"{path}: {error}")
    return errors


def _exit_status(returncode: int) -> int:
    return 128 - returncode if returncode < 0 else returncode


def _on_signal(signum, _frame) -> None:
    _requested["signal"] = signum


def main() -> None:
    if len(sys.argv) < 2:
        _say("usage: python module_reload.py MODULE [ARGS...], e.g. python module_reload.py strategy", error=True)
        sys.exit(2)
    module, arguments = sys.argv[1], sys.argv[2:]
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    roots = _roots()
    known = _sources(roots)
    _say(f"watching {len(known)} Python files under {', '.join(roots)}")
    child: subprocess.Popen | None = _start(module, arguments)
    while True:
        if _requested["signal"] is not None:
            sys.exit(_exit_status(_stop(child, _requested["signal"])) if child is not None else 0)
        if child is not None:
            try:
                returncode = child.wait(POLL_SECONDS)
            except subprocess.TimeoutExpired:
                returncode = None
            if returncode is not None and _requested["signal"] is None:
                _say(f"{module} (pid {child.pid}) exited on its own with {'signal ' + str(-returncode) if returncode < 0 else 'code ' + str(returncode)}; "
                     "exiting with it", error=returncode != 0)
                sys.exit(_exit_status(returncode))
        else:
            time.sleep(POLL_SECONDS)  # stopped by a syntax error: only the files are polled
        current = _sources(roots)
        changed = sorted(path for path in set(current) | set(known) if current.get(path) != known.get(path))
        known = current
        if not changed:
            continue
        names = ", ".join(os.path.relpath(p) for p in changed[:3]) + (", ..." if len(changed) > 3 else "")
        errors = _syntax_errors(changed)
        if errors:
            if child is not None:
                _stop(child)
                child = None
            _say(f"{names} changed but does not compile; {module} is stopped until a change compiles:\n  " + "\n  ".join(errors), error=True)
            continue
        _say(f"{names} changed: restarting {module}")
        if child is not None:
            _stop(child)
        child = _start(module, arguments)


if __name__ == "__main__":
    main()
