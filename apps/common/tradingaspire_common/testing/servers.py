"""A throwaway Redis server for integration tests, and the free-port and readiness helpers the test servers share
(PostgreSQL's is tradingaspire_common.testing.postgres.PostgresServer)."""
import socket
import subprocess
import time
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, what: str, seconds: float = 30.0) -> None:
    """Polls `check()` until true; AssertionError naming `what` at the deadline."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} not ready within {seconds} s")


@contextmanager
def redis_server(password: str):
    """Yields the port of a redis-server on 127.0.0.1 with `requirepass`, no persistence."""
    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--requirepass", password, "--save", "", "--appendonly", "no"],
                              stdout=subprocess.DEVNULL)
    try:
        wait_until(lambda: subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(port), "--no-auth-warning", "-a", password, "ping"],
                                          capture_output=True, text=True).stdout.strip() == "PONG", "Redis")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
