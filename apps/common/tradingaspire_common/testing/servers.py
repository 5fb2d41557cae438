"""Throwaway PostgreSQL 15 and Redis servers for integration tests: free loopback ports, temporary directories,
readiness polled with a deadline, stopped (fast shutdown) and removed on exit. PostgreSQL refuses to run as root, so
as root initdb/postgres run as the `postgres` user (setpriv)."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
_AS_POSTGRES = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"]


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
def postgres_server(databases: tuple[str, ...] = (), migrations: Path | None = None, password: str | None = None):
    """Yields the port of a PostgreSQL (user postgres, 127.0.0.1; trust auth, or scram-sha-256 with `password` as the
    superuser's); creates `databases` and applies `migrations`/*.sql (sorted, psql ON_ERROR_STOP) to each of them."""
    if not (PG_BIN / "initdb").exists():
        raise AssertionError("PostgreSQL 15 is not installed: eng/install-prerequisites.sh installs it")
    root = Path(tempfile.mkdtemp(prefix="test-pg-"))
    prefix = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        prefix = _AS_POSTGRES
    port = free_port()
    server = None
    try:
        auth = ["--auth=trust"]
        if password is not None:
            (root / "pwfile").write_text(password + "\n")
            if prefix:
                shutil.chown(root / "pwfile", "postgres", "postgres")
            auth = ["--auth=scram-sha-256", f"--pwfile={root / 'pwfile'}"]
        subprocess.run([*prefix, str(PG_BIN / "initdb"), "-D", str(root / "data"), "-U", "postgres", *auth], check=True, capture_output=True)
        server = subprocess.Popen([*prefix, str(PG_BIN / "postgres"), "-D", str(root / "data"), "-p", str(port), "-c", "listen_addresses=127.0.0.1",
                                   "-c", f"unix_socket_directories={root}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: subprocess.run([str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)], capture_output=True).returncode == 0, "PostgreSQL")
        psql_env = {**os.environ, "PGPASSWORD": password} if password is not None else None
        psql = [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
        for database in databases:
            subprocess.run([*psql, "-c", f'CREATE DATABASE "{database}"'], check=True, capture_output=True, env=psql_env)
            for script in sorted((migrations or Path("/nonexistent")).glob("*.sql")):
                subprocess.run([*psql, "-d", database, "-f", str(script)], check=True, capture_output=True, env=psql_env)
        yield port
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)  # fast shutdown
            server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


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
