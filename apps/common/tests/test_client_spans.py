"""Client spans of the asyncpg connection class and the Redis client against a real PostgreSQL and a real Redis."""
import asyncio

import asyncpg
import pytest

from tradingaspire_common.asyncpg_tracing import traced_connection_class
from tradingaspire_common.config import redis_uri
from tradingaspire_common.redis_tracing import traced_redis_class
from tradingaspire_common.testing.servers import redis_server
from tradingaspire_common.tracing import SPAN_KIND_CLIENT, Tracer

@pytest.fixture(scope="module")
def database(postgres):
    return postgres.create_database()


@pytest.fixture(scope="module")
def redis_port():
    with redis_server("pw") as port:
        yield port


def test_postgres_statements_are_client_spans_inside_a_trace_only(postgres, database):
    finished = []
    tracer = Tracer(finished.append)

    async def scenario():
        pool = await asyncpg.create_pool(host="127.0.0.1", port=postgres.port, user="postgres", database=database, min_size=1, max_size=2,
                                         connection_class=traced_connection_class(tracer, "127.0.0.1", postgres.port, database))
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
    assert [s.name for s in spans] == [f"SELECT {database}", f"CREATE {database}", f"SELECT {database}"]
    assert all(s.kind == SPAN_KIND_CLIENT and s.trace_id == parent.trace_id and s.parent_span_id == parent.span_id for s in spans)
    assert spans[0].attributes == {"db.system": "postgresql", "db.namespace": database, "db.operation.name": "SELECT",
                                   "db.query.text": "select $1::int + 1 as n", "server.address": "127.0.0.1", "server.port": postgres.port}
    assert spans[2].status_code == 2 and "missing_table" in spans[2].status_message


def test_redis_commands_are_client_spans_without_values(redis_port):
    finished = []
    tracer = Tracer(finished.append)
    settings = redis_uri({"REDIS_URI": f"redis://:pw@127.0.0.1:{redis_port}"})

    async def scenario():
        client = traced_redis_class(tracer, settings.host, settings.port).from_url(settings.uri, decode_responses=True)
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
