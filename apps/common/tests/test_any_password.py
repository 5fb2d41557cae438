"""Any password through the Python clients (issue 22 item 5): for each password of the table, the URI as the AppHost
injects it (Aspire's Uri connection property: user and password percent-encoded as .NET's Uri.EscapeDataString does)
goes through config.database_uri / redis_uri to asyncpg and redis-py, which log in to a real PostgreSQL (scram-sha-256)
and a real Redis (requirepass); a wrong password is refused, so the server did check."""
import asyncio
from urllib.parse import quote

import asyncpg
import pytest
import redis.asyncio as aioredis
from redis.exceptions import AuthenticationError, ResponseError

from tradingaspire_common.config import database_uri, redis_uri
from tradingaspire_common.testing.passwords import ALL_PUNCTUATION_AND_SPACE, any_passwords
from tradingaspire_common.testing.postgres import PostgresServer
from tradingaspire_common.testing.servers import redis_server

PASSWORDS = any_passwords()
SUPERUSER_PASSWORD = ALL_PUNCTUATION_AND_SPACE


def uri_component(value: str) -> str:
    """As Aspire's `:uri` format (Uri.EscapeDataString): everything but A-Z a-z 0-9 - . _ ~ percent-encoded."""
    return quote(value, safe="-._~")


@pytest.fixture(scope="module")
def postgres_port():
    server = PostgresServer(password=SUPERUSER_PASSWORD)
    try:
        server.create_database(name="trading")
        yield server.port
    finally:
        server.stop()


@pytest.fixture(scope="module")
def redis_port():
    with redis_server(SUPERUSER_PASSWORD) as port:
        yield port


@pytest.fixture(scope="module")
def roles(postgres_port):
    """One login role per password of the table (r0, r1, ...), created by the superuser, whose own password is the all-in-one."""
    async def create():
        connection = await asyncpg.connect(database_uri({"TRADING_URI": postgres_uri("postgres", SUPERUSER_PASSWORD, postgres_port)}).uri)
        try:
            for index, password in enumerate(PASSWORDS):
                literal = await connection.fetchval("SELECT quote_literal($1::text)", password)
                await connection.execute(f"CREATE ROLE r{index} LOGIN PASSWORD {literal}")
        finally:
            await connection.close()
    asyncio.run(create())


def postgres_uri(user: str, password: str, port: int) -> str:
    return f"postgresql://{uri_component(user)}:{uri_component(password)}@127.0.0.1:{port}/trading"


@pytest.mark.parametrize("index, password", list(enumerate(PASSWORDS)), ids=[repr(p) for p in PASSWORDS])
def test_asyncpg_logs_in_with_the_password_from_the_injected_uri(postgres_port, roles, index, password):
    async def scenario():
        settings = database_uri({"TRADING_URI": postgres_uri(f"r{index}", password, postgres_port)})
        connection = await asyncpg.connect(settings.uri)  # as trading-api's pool opens each connection
        try:
            assert await connection.fetchval("SELECT current_user || '@' || current_database()") == f"r{index}@trading"
        finally:
            await connection.close()
    asyncio.run(scenario())


def test_asyncpg_is_refused_with_a_wrong_password_so_the_server_checks_it(postgres_port, roles):
    async def scenario():
        with pytest.raises(asyncpg.InvalidPasswordError):
            await asyncpg.connect(postgres_uri("r0", PASSWORDS[0] + "x", postgres_port))
    asyncio.run(scenario())


@pytest.mark.parametrize("password", PASSWORDS, ids=[repr(p) for p in PASSWORDS])
def test_redis_py_logs_in_with_the_password_from_the_injected_uri(redis_port, password):
    async def scenario():
        admin = aioredis.Redis.from_url(redis_uri({"REDIS_URI": f"redis://:{uri_component(SUPERUSER_PASSWORD)}@127.0.0.1:{redis_port}"}).uri)
        await admin.execute_command("ACL", "SETUSER", "default", "resetpass", f">{password}")
        await admin.close()
        try:
            client = aioredis.Redis.from_url(redis_uri({"REDIS_URI": f"redis://:{uri_component(password)}@127.0.0.1:{redis_port}"}).uri)
            assert await client.ping() is True
            await client.close()
            wrong = aioredis.Redis.from_url(f"redis://:{uri_component(password + 'x')}@127.0.0.1:{redis_port}")
            with pytest.raises((AuthenticationError, ResponseError)):
                await wrong.ping()
            await wrong.close()
        finally:
            restore = aioredis.Redis.from_url(f"redis://:{uri_component(password)}@127.0.0.1:{redis_port}")
            await restore.execute_command("ACL", "SETUSER", "default", "resetpass", f">{SUPERUSER_PASSWORD}")
            await restore.close()
    asyncio.run(scenario())
