"""trading-api as uvicorn runs it, against a real PostgreSQL (schema from db/migrations) and Redis. No gateway is
listening (a closed port), which is a real state of the system: valid orders get 503 and nothing is written anywhere.
The order domain is compared with the `orders` columns as PostgreSQL reports them."""
import asyncio
import json
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import asyncpg
import httpx
import pytest

from real_services import MIGRATIONS, TradingApi
from tradingaspire_common.testing.auth import bearer
from tradingaspire_common.testing.servers import free_port, redis_server
from trading_api.order_domain import CLIENT_ORDER_ID, LIMIT_PRICE, ORDER_TYPE, QUANTITY, SIDE, SYMBOL

AUTH = bearer()  # a trader's token: read and trade


@pytest.fixture(scope="module")
def system(postgres):
    """(the libpq URI of this module's migrated database, trading-api running on it)."""
    database = postgres.create_database(MIGRATIONS)
    with redis_server("pw") as redis_port:
        api = TradingApi(postgres.port, database, redis_port, "pw", gateway_url=f"http://127.0.0.1:{free_port()}")  # nothing listens there
        try:
            yield postgres.dsn(database), api
        finally:
            api.stop()


def sql(dsn: str, query: str, *args):
    async def run():
        connection = await asyncpg.connect(dsn)
        try:
            return await connection.fetch(query, *args)
        finally:
            await connection.close()
    return asyncio.run(run())


def orders_count(postgres) -> int:
    return sql(postgres, "SELECT count(*) FROM orders")[0][0]


def test_the_order_domain_is_what_the_orders_columns_hold(system):
    postgres, _ = system
    columns = {r["column_name"]: r for r in sql(postgres, "SELECT column_name, data_type, numeric_precision, numeric_scale "
                                                          "FROM information_schema.columns WHERE table_name = 'orders'")}
    for domain, column in ((QUANTITY, "quantity"), (LIMIT_PRICE, "limit_price")):
        assert (columns[column]["data_type"], columns[column]["numeric_precision"], columns[column]["numeric_scale"]) == \
            ("numeric", domain.precision, domain.scale)
    checks = " ".join(r[0] for r in sql(postgres, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'c'"))
    assert f"(symbol ~ '{SYMBOL.pattern}'::text)" in checks
    assert f"(client_order_id ~ '{CLIENT_ORDER_ID.pattern}'::text)" in checks
    assert "(side = ANY (ARRAY[" + ", ".join(f"'{c}'::text" for c in SIDE.choices) + "]))" in checks
    assert "(order_type = ANY (ARRAY[" + ", ".join(f"'{c}'::text" for c in ORDER_TYPE.choices) + "]))" in checks
    assert "(quantity > (0)::numeric)" in checks and "(limit_price > (0)::numeric)" in checks
    # The limits are the column's: the maximum and the step are stored exactly, one step beyond overflows or rounds.
    stored = sql(postgres, "SELECT $1::numeric(28, 10), $2::numeric(28, 10), $3::numeric(28, 10)", QUANTITY.maximum, QUANTITY.step, Decimal("1E-11"))[0]
    assert (stored[0], stored[1], stored[2]) == (QUANTITY.maximum, QUANTITY.step, Decimal(0))
    with pytest.raises(asyncpg.NumericValueOutOfRangeError):
        sql(postgres, "SELECT $1::numeric(28, 10)", QUANTITY.maximum + QUANTITY.step)


def _logged(output: str) -> list[dict]:
    """The output's lines as trading-api writes them: JSON objects, one a line; a line that is not one is kept as
    {"plain": line} so that a test can name it."""
    lines = []
    for line in output.splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            lines.append({"plain": line})
    return lines


def test_uvicorn_s_lines_are_logged_once_each_as_json(system):
    _, api = system
    lines = _logged(api.output())
    uvicorn_messages = [line["message"] for line in lines if line.get("logger", "").startswith("uvicorn")]
    assert "Application startup complete." in uvicorn_messages
    assert [line["plain"] for line in lines if "plain" in line] == []  # uvicorn's own handler printed nothing beside ours
    for message in uvicorn_messages:
        assert [line for line in lines if message in line.get("message", line.get("plain", ""))] == \
            [line for line in lines if line.get("message") == message][:1], f"'{message}' logged more than once"


def test_the_event_loop_and_http_parser_uvicorn_serves_with_are_logged_once_at_start(system):
    _, api = system
    lines = [line for line in _logged(api.output()) if "event_loop" in line or "http_parser" in line]
    assert [(line["logger"], line["message"], line["event_loop"], line["http_parser"]) for line in lines] == [
        ("trading_api", "trading-api started: event loop uvloop, HTTP parser httptools", "uvloop", "httptools")]


def test_the_trades_table_is_gone(system):
    postgres, _ = system
    assert sql(postgres, "SELECT to_regclass('trades')")[0][0] is None


VALID = {"symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": 1, "client_order_id": "it-1"}
# Quantities the column (numeric(28, 10), > 0) cannot hold, and values that are not finite JSON numbers.
INVALID_QUANTITIES = ["1e-12", "1000000000000000000.0000000000", "-0", "12345678901234567890123456789", "NaN", "-Infinity", '"Infinity"', '"NaN"']
INVALID = [(f'{{"symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": {quantity}}}', 422, "quantity") for quantity in INVALID_QUANTITIES] + [
    ('{"symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": 0.123456789012, "client_order_id": "prec-1"}', 422, "quantity"),
    ('{"symbol": "BTCUSDT", "side": "buy", "type": "limit", "quantity": 1, "limit_price": 1e-30}', 422, "limit_price"),
    ('{"symbol": "BTCUSDT", "side": ["buy"], "quantity": 1}', 422, "side"),
    ('{"symbol": 7, "side": "buy", "quantity": 1}', 422, "symbol"),
    ('{"symbol": "BTCUSDT", "side": "buy", "quantity": 1, "client_order_id": "' + "c" * 5000 + '"}', 422, "client_order_id"),
    ('[1, 2, 3]', 422, "body"),
    ('{"symbol": ', 400, "body"),
]


@pytest.mark.parametrize("body, status, field", INVALID)
def test_each_invalid_order_is_refused_naming_the_field_and_nothing_is_written(system, body, status, field):
    postgres, api = system
    before = orders_count(postgres)
    response = httpx.post(f"{api.url}/api/trades", content=body, headers={**AUTH, "content-type": "application/json"})
    assert response.status_code == status
    assert field in [e["field"] for e in response.json()["errors"]]
    assert orders_count(postgres) == before


def test_a_2_mb_body_is_413_and_the_service_stays_healthy(system):
    _, api = system

    def chunked():
        for _ in range(512):
            yield b" " * 4096

    with httpx.Client(base_url=api.url, headers=AUTH) as client:  # one keep-alive connection: it stays usable after a 413
        for body in (b"{" + b" " * (2 * 1024 * 1024) + b"}", chunked()):
            response = client.post("/api/trades", content=body, headers={**AUTH, "content-type": "application/json"})
            assert response.status_code == 413
            assert response.json()["message"] == ("The request body is larger than 16384 bytes (16 KiB), the limit of this API. "
                                                  "An order is well under 1 KiB: send one order per request.")
            assert client.get("/alive").status_code == 200
            assert client.post("/api/trades", json={**VALID, "quantity": "nan"}).status_code == 422


def test_a_valid_order_while_the_gateway_is_down_is_503_with_the_retry_id_and_writes_nothing(system):
    postgres, api = system
    before = orders_count(postgres)
    response = httpx.post(f"{api.url}/api/trades", json=VALID, headers=AUTH)
    assert response.status_code == 503
    assert response.json()["error"] == "gateway_unavailable" and response.json()["client_order_id"] == "it-1"
    assert response.json()["message"].endswith("the order may not have been placed. Send the same order again with client_order_id 'it-1': it is placed at most once.")
    assert orders_count(postgres) == before


def test_health_answers_from_the_latest_background_result(system):
    _, api = system
    first = httpx.get(f"{api.url}/health")
    second = httpx.get(f"{api.url}/health")
    assert first.status_code == 200 and first.json()["status"] == "degraded"  # gateway and strategy are not running
    assert first.json()["checks"]["postgres"]["status"] == "healthy" and first.json()["checks"]["redis"]["status"] == "healthy"
    assert first.json()["checks"]["gateway"]["status"] == "unhealthy"
    checked = [datetime.fromisoformat(r.json()["checked_at"]) for r in (first, second)]
    assert checked[1] - checked[0] < timedelta(seconds=1.5)


def insert_orders(postgres, rows) -> None:
    async def run():
        connection = await asyncpg.connect(postgres)
        try:
            await connection.executemany(
                "INSERT INTO orders (id, client_order_id, symbol, side, order_type, quantity, limit_price, status, filled_quantity, average_price, created_at, updated_at) "
                "VALUES ($1, $2, $3, 'buy', 'market', $4, NULL, $5, $4, 65000.5, $6, $6)", rows)
        finally:
            await connection.close()
    asyncio.run(run())


def test_orders_are_paged_newest_first_with_a_cursor_and_read_by_id(system):
    postgres, api = system
    base = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)
    rows = [(uuid.uuid4(), f"page-{i}", "ETHUSDT" if i % 2 else "BTCUSDT", Decimal("0.1234567891"), "filled" if i != 3 else "resting",
             base + timedelta(seconds=i // 2)) for i in range(7)]  # pairs share a created_at: the id breaks the tie
    insert_orders(postgres, rows)
    expected = [str(r[0]) for r in sorted(rows, key=lambda r: (r[5], r[0]), reverse=True)]
    seen, before = [], None
    while True:
        page = httpx.get(f"{api.url}/api/trades", headers=AUTH, params={"limit": 3, **({"before": before} if before else {})}).json()
        seen += [item["id"] for item in page["items"]]
        before = page["next_before"]
        if before is None:
            break
    assert seen == expected
    assert '"quantity": 0.1234567891' in httpx.get(f"{api.url}/api/trades?limit=1", headers=AUTH).text
    assert [i["client_order_id"] for i in httpx.get(f"{api.url}/api/trades?status=resting", headers=AUTH).json()["items"]] == ["page-3"]
    assert {i["symbol"] for i in httpx.get(f"{api.url}/api/trades?symbol=ethusdt", headers=AUTH).json()["items"]} == {"ETHUSDT"}
    one = httpx.get(f"{api.url}/api/trades/{rows[0][0]}", headers=AUTH)
    assert one.status_code == 200 and one.json()["client_order_id"] == "page-0" and one.json()["status"] == "filled"
    assert httpx.get(f"{api.url}/api/trades/{uuid.uuid4()}", headers=AUTH).status_code == 404


@pytest.mark.parametrize("query, field", [("limit=0", "limit"), ("limit=501", "limit"), ("limit=x", "limit"), ("before=garbage", "before"),
                                          ("status=pending", "status"), ("symbol=a-b", "symbol")])
def test_a_bad_page_query_is_422_naming_the_parameter(system, query, field):
    _, api = system
    response = httpx.get(f"{api.url}/api/trades?{query}", headers=AUTH)
    assert response.status_code == 422 and [e["field"] for e in response.json()["errors"]] == [field]
