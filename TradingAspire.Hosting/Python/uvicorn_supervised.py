"""Runs uvicorn (same arguments as `python -m uvicorn`) and makes its supervisor exit when its server process cannot run.

Why: with --reload or --workers N, uvicorn (0.17 in Debian 12) runs the app in child processes and never notices one
dying. An app that exits with code 2 (bad configuration, the convention of tradingaspire apps) then leaves the
supervisor running, so the AppHost shows Running/Unhealthy forever instead of the failure. This launcher watches the
children: exit code 2 stops uvicorn and exits 2 (a reload cannot fix the environment); the first server process
failing (exit code > 0, e.g. the app cannot be imported) stops it too, so the resource ends instead of looking alive;
in --workers mode any worker that fails stops it. With --reload, a server started by a reload that fails (e.g. a
syntax error just saved) keeps uvicorn's behaviour: wait for the next file change. A server process killed with
SIGKILL (kill -9 of the real process, an out-of-memory kill: uvicorn itself only sends SIGTERM) stops it too, so the
restart policy starts the resource again. The other way round, each server process dies with the supervisor
(PR_SET_PDEATHSIG): kill -9 of the supervisor, the pid the AppHost shows, leaves no server holding the port.

It also gives the listening socket TCP_NODELAY. With --reload or --workers N, uvicorn binds the socket itself as
`socket.socket(family)`, whose protocol number is 0, and asyncio sets TCP_NODELAY only on sockets whose protocol is
IPPROTO_TCP, so every accepted connection kept Nagle's algorithm: a response written as headers then body waited for
the client's delayed ACK, 40 ms per request on a kept-alive connection (22 requests/s per connection instead of
thousands). The launcher re-labels the bound socket as IPPROTO_TCP, so asyncio treats accepted connections as it does
when uvicorn runs without a supervisor.

Its own lines ("Uvicorn running on ...", "Started reloader process ...", "Stopping parent process ...") go to standard
output below WARNING: uvicorn writes them all on standard error, which the dashboard shows as errors. Warnings and errors
stay on standard error. The same holds in the server processes, until an app configures logging its own way (ours
write JSON lines on standard output).
"""
import ctypes
import logging
import signal
import socket
import sys
import threading

CONFIGURATION_ERROR = 2
PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.25
_failure = {"exit_code": None}


def _children(supervisor):
    processes = getattr(supervisor, "processes", None)
    if processes is not None:
        return list(processes)
    process = getattr(supervisor, "process", None)
    return [] if process is None else [process]


def _is_fatal(exit_code, reloading):
    if exit_code == -signal.SIGKILL:  # killed from outside (kill -9, the OOM killer): uvicorn itself only sends SIGTERM
        return True
    if exit_code is None or exit_code <= 0:  # running, clean exit, or terminated by the supervisor (negative)
        return False
    return exit_code == CONFIGURATION_ERROR or not reloading


def _watch(supervisor, reloading):
    first_pid = None
    while not supervisor.should_exit.wait(POLL_SECONDS):
        for process in _children(supervisor):
            if first_pid is None:
                first_pid = process.pid
            if _is_fatal(process.exitcode, reloading and process.pid != first_pid):
                print(f"uvicorn_supervised: server process {process.pid} exited with code {process.exitcode}; stopping uvicorn",
                      file=sys.stderr, flush=True)
                _failure["exit_code"] = process.exitcode
                supervisor.should_exit.set()
                return


def _watch_after_startup(supervisor_class, reloading):
    original = supervisor_class.startup

    def startup(self):
        original(self)
        threading.Thread(target=_watch, args=(self, reloading), name="uvicorn-supervised", daemon=True).start()

    supervisor_class.startup = startup


def _tcp_labelled(bind_socket):
    """Config.bind_socket, with an AF_INET/AF_INET6 stream socket returned as the same descriptor labelled
    IPPROTO_TCP (see the module docstring); Unix sockets and --fd are returned unchanged."""
    def bind(self):
        sock = bind_socket(self)
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM and sock.proto == 0:
            labelled = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
            labelled.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            labelled.set_inheritable(True)
            return labelled
        return sock
    return bind


def _information_on_stdout(configure_logging):
    """Config.configure_logging, then uvicorn's stderr handlers keep WARNING and above and a stdout handler with the same
    format takes the lines below WARNING (see the module docstring). Patched in the supervisor and in each spawned server process."""
    def configure(self):
        configure_logging(self)
        uvicorn_logger = logging.getLogger("uvicorn")
        for handler in [h for h in uvicorn_logger.handlers if getattr(h, "stream", None) is sys.stderr]:
            handler.setLevel(max(handler.level, logging.WARNING))
            information = logging.StreamHandler(sys.stdout)
            information.setFormatter(handler.formatter)
            information.addFilter(lambda record: record.levelno < logging.WARNING)
            uvicorn_logger.addHandler(information)
    return configure


def main():
    import uvicorn
    from uvicorn.config import Config
    from uvicorn.supervisors.basereload import BaseReload
    from uvicorn.supervisors.multiprocess import Multiprocess

    Config.bind_socket = _tcp_labelled(Config.bind_socket)
    Config.configure_logging = _information_on_stdout(Config.configure_logging)
    _watch_after_startup(BaseReload, reloading=True)
    _watch_after_startup(Multiprocess, reloading=False)
    try:
        uvicorn.main(prog_name="uvicorn")
        exit_code = 0
    except SystemExit as stop:
        exit_code = stop.code
    sys.exit(_failure["exit_code"] or exit_code)


def _die_with_supervisor():
    """In a spawned server process: the kernel kills it (SIGKILL) when the supervisor dies, e.g. kill -9 of the pid the
    AppHost shows; otherwise the server would be left running as an orphan holding the port."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


# Spawned server processes import this file as __mp_main__: only the supervisor runs main().
if __name__ == "__main__":
    main()
elif __name__ == "__mp_main__":
    _die_with_supervisor()
    from uvicorn.config import Config as _Config
    _Config.configure_logging = _information_on_stdout(_Config.configure_logging)
