"""Client spans of the asyncpg connection class and the Redis client against a real PostgreSQL and a real Redis."""
import asyncio
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import asyncpg
import pytest

from tradingaspire_common.asyncpg_tracing import traced_connection_class
from tradingaspire_common.redis_settings import RedisSettings
from tradingaspire_common.redis_tracing import traced_redis_class
from tradingaspire_common.tracing import SPAN_KIND_CLIENT, Tracer

PG_BIN = Path("/usr/lib/postgresql/15/bin")
AS_POSTGRES = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} not ready within {seconds} s")


@pytest.fixture(scope="module")
def postgres():
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 is not installed: eng/install-prerequisites.sh installs it")
    root = Path(tempfile.mkdtemp(prefix="otlp-pg-"))
    shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    prefix = AS_POSTGRES if os.geteuid() == 0 else []
    subprocess.run([*prefix, str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"], check=True, capture_output=True)
    server = subprocess.Popen([*prefix, str(PG_BIN / "postgres"), "-D", str(data), "-p", str(port), "-c", "listen_addresses=127.0.0.1",
                               "-c", f"unix_socket_directories={root}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: subprocess.run([str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)], capture_output=True).returncode == 0, "PostgreSQL")
        yield port
    finally:
        server.send_signal(signal.SIGINT)  # fast shutdown
        server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def redis_port():
    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--requirepass", "pw", "--save", "", "--appendonly", "no"],
                              stdout=subprocess.DEVNULL)
    try:
        def pong():
            return subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(port), "--no-auth-warning", "-a", "pw", "ping"],
                                  capture_output=True, text=True).stdout.strip() == "PONG"
        wait_until(pong, "Redis")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_postgres_statements_are_client_spans_inside_a_trace_only(postgres):
    finished = []
    tracer = Tracer(finished.append)

    async def scenario():
        pool = await asyncpg.create_pool(host="127.0.0.1", port=postgres, user="postgres", database="postgres", min_size=1, max_size=2,
                                         connection_class=traced_connection_class(tracer, "127.0.0.1", postgres, "postgres"))
        try:
            assert await pool.fetchval("SELECT 1") == 1  # outside any span: not recorded
            with tracer.start_span("POST /api/trades") as parent:
                assert (await pool.fetchrow("select $1::int + 1 as n", 41))["n"] == 42
                async with pool.acquire() as connection:
                    await connection.execute("CREATE TEMP TABLE t (x int)")
                with pytest.raises(asyncpg.PostgresError):
                    await pool.fetch("SELECT * FROM missing_table")
            return parent
        finally:
            await pool.close()

    parent = asyncio.run(scenario())
    spans = [s for s in finished if s is not parent]
    assert [s.name for s in spans] == ["SELECT postgres", "CREATE postgres", "SELECT postgres"]
    assert all(s.kind == SPAN_KIND_CLIENT and s.trace_id == parent.trace_id and s.parent_span_id == parent.span_id for s in spans)
    assert spans[0].attributes == {"db.system": "postgresql", "db.namespace": "postgres", "db.operation.name": "SELECT",
                                   "db.query.text": "select $1::int + 1 as n", "server.address": "127.0.0.1", "server.port": postgres}
    assert spans[2].status_code == 2 and "missing_table" in spans[2].status_message


def test_redis_commands_are_client_spans_without_values(redis_port):
    finished = []
    tracer = Tracer(finished.append)
    settings = RedisSettings("127.0.0.1", redis_port, "pw")

    async def scenario():
        client = traced_redis_class(tracer, settings.host, settings.port).from_url(settings.url(), decode_responses=True)
        try:
            await client.ping()  # outside any span: not recorded
            with tracer.start_span("GET /api/trades/{id}") as parent:
                await client.set("trade:1", "secret-value", ex=10)
                assert await client.get("trade:1") == "secret-value"
            return parent
        finally:
            await client.close()

    parent = asyncio.run(scenario())
    spans = [s for s in finished if s is not parent]
    assert [(s.name, s.attributes["db.query.text"]) for s in spans] == [("SET", "SET trade:1"), ("GET", "GET trade:1")]
    assert all(s.parent_span_id == parent.span_id and s.attributes["db.system"] == "redis" and s.attributes["server.port"] == redis_port for s in spans)
    assert "secret-value" not in repr([s.attributes for s in spans])
