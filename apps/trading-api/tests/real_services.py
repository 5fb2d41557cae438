"""Throwaway PostgreSQL 15, Redis and a trading-api uvicorn process for integration tests: real servers on free
loopback ports, the schema from db/migrations applied in order (as the migrations resource does), torn down after.
PostgreSQL refuses to run as root, so initdb and postgres run as the postgres user through setpriv."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx

APP_DIR = Path(__file__).resolve().parents[1]
MIGRATIONS = APP_DIR.parents[1] / "db" / "migrations"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
INSTALL_HINT = "install the prerequisites: eng/install-prerequisites.sh (Debian packages postgresql redis-server)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, what: str, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            output = ""
            if getattr(process, "log", None):
                process.log.seek(0)
                output = process.log.read().decode(errors="replace")
            raise RuntimeError(f"{what}: the process exited with {process.returncode}:\n{output[-4000:]}")
        try:
            if condition():
                return
        except (OSError, httpx.HTTPError, asyncpg.PostgresError):
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{what} did not happen within {timeout} s")


def _as_postgres(*command: str) -> list[str]:
    prefix = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"] if os.geteuid() == 0 else []
    return prefix + list(command)


class Postgres:
    def __init__(self):
        if not (PG_BIN / "postgres").exists():
            raise RuntimeError(f"PostgreSQL 15 is not installed at {PG_BIN}: {INSTALL_HINT}")
        self.directory = Path(tempfile.mkdtemp(prefix="trading-api-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self.port = free_port()
        data = self.directory / "data"
        subprocess.run(_as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync"),
                       check=True, capture_output=True)
        self.process = subprocess.Popen(
            _as_postgres(str(PG_BIN / "postgres"), "-D", str(data), "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
                         "-c", f"unix_socket_directories={self.directory}", "-c", "fsync=off"),
            stdout=(log := tempfile.TemporaryFile()), stderr=subprocess.STDOUT)
        self.process.log = log
        wait_until(lambda: subprocess.run([str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                                          capture_output=True).returncode == 0, "PostgreSQL accepting connections", process=self.process)

    def dsn(self, database: str = "trading") -> str:
        return f"postgresql://postgres:test@127.0.0.1:{self.port}/{database}"

    async def create_schema(self) -> None:
        admin = await asyncpg.connect(self.dsn("postgres"))
        await admin.execute("CREATE DATABASE trading")
        await admin.close()
        connection = await asyncpg.connect(self.dsn())
        for migration in sorted(MIGRATIONS.glob("*.sql")):
            await connection.execute(migration.read_text())
        await connection.close()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # fast shutdown
        self.process.wait(timeout=30)
        shutil.rmtree(self.directory, ignore_errors=True)


class Redis:
    def __init__(self):
        server = shutil.which("redis-server")
        if server is None:
            raise RuntimeError(f"redis-server is not installed: {INSTALL_HINT}")
        self.port = free_port()
        self.process = subprocess.Popen([server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                                        stdout=(log := tempfile.TemporaryFile()), stderr=subprocess.STDOUT)
        self.process.log = log

        def answers() -> bool:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        wait_until(answers, "Redis answering PING", process=self.process)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class TradingApi:
    """`uvicorn trading_api.main:app` with the environment the AppHost injects (and the documented fallbacks)."""

    def __init__(self, postgres: Postgres, redis: Redis, gateway_url: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {
            **os.environ, "PYTHONPATH": str(APP_DIR.parent / "common"), "PORT": str(self.port),
            "ConnectionStrings__trading": f"Host=127.0.0.1;Port={postgres.port};Username=postgres;Password=test;Database=trading",
            "ConnectionStrings__redis": f"127.0.0.1:{redis.port}", "DATABASE_URL": postgres.dsn(), "REDIS_URL": f"redis://127.0.0.1:{redis.port}",
            "services__gateway__http__0": gateway_url, "GATEWAY_HTTP": gateway_url, "OTEL_EXPORTER_OTLP_ENDPOINT": "",
        }
        self.process = subprocess.Popen(["/usr/bin/python3", "-m", "uvicorn", "trading_api.main:app", "--host", "127.0.0.1", "--port", str(self.port)],
                                        cwd=APP_DIR, env=environment, stdout=(log := tempfile.TemporaryFile()), stderr=subprocess.STDOUT)
        self.process.log = log
        wait_until(lambda: httpx.get(f"{self.url}/alive").status_code == 200, "trading-api answering /alive", process=self.process)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
