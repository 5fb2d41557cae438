import asyncio
import json
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from trading_api.health import health_report
from trading_api.repository import trade_json


class FakePool:
    def __init__(self, fail=False):
        self.fail = fail

    async def fetchval(self, sql):
        if self.fail:
            raise ConnectionRefusedError("connection refused")
        return 1


class FakeRedis:
    def __init__(self, heartbeat_age=None, fail=False):
        self.heartbeat_age, self.fail = heartbeat_age, fail

    async def ping(self):
        if self.fail:
            raise ConnectionError("redis down")
        return True

    async def get(self, key):
        if self.fail:
            raise ConnectionError("redis down")
        if self.heartbeat_age is None:
            return None
        return json.dumps({"timestamp": (datetime.now(timezone.utc) - timedelta(seconds=self.heartbeat_age)).isoformat()})


class FakeGateway:
    def __init__(self, up=True):
        self.up = up

    async def alive(self):
        return (True, None) if self.up else (False, "ConnectError: refused")


def report(**kwargs):
    return asyncio.run(health_report(kwargs.get("pool", FakePool()), kwargs.get("redis", FakeRedis(1)), kwargs.get("gateway", FakeGateway())))


def test_everything_up_is_healthy():
    status, body = report()
    assert status == 200 and body["status"] == "healthy"
    assert set(body["checks"]) == {"postgres", "redis", "gateway", "strategy"}


def test_gateway_down_is_degraded_but_still_serving():
    status, body = report(gateway=FakeGateway(up=False))
    assert status == 200 and body["status"] == "degraded"
    assert body["checks"]["gateway"] == {"status": "unhealthy", "latency_ms": body["checks"]["gateway"]["latency_ms"], "error": "ConnectError: refused"}


def test_postgres_down_is_unhealthy_with_the_error():
    status, body = report(pool=FakePool(fail=True))
    assert status == 503 and body["status"] == "unhealthy"
    assert "connection refused" in body["checks"]["postgres"]["error"]


def test_a_stale_strategy_heartbeat_is_reported():
    _, body = report(redis=FakeRedis(heartbeat_age=60))
    assert body["checks"]["strategy"]["status"] == "unhealthy"
    assert body["checks"]["strategy"]["error"].startswith("last heartbeat 60 s ago")


def test_rows_are_returned_as_the_api_contract():
    now = datetime(2026, 11, 24, tzinfo=timezone.utc)
    trade_id, gateway_id = uuid.uuid4(), uuid.uuid4()
    row = {"id": trade_id, "client_order_id": "c", "symbol": "BTCUSDT", "side": "buy", "order_type": "market", "quantity": Decimal("0.5"),
           "limit_price": None, "status": "filled", "filled_quantity": Decimal("0.5"), "average_price": Decimal("65000.1"),
           "gateway_order_id": gateway_id, "reject_reason": None, "created_at": now, "updated_at": now}
    assert trade_json(row) == {"id": str(trade_id), "client_order_id": "c", "symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": 0.5,
                               "limit_price": None, "status": "filled", "filled_quantity": 0.5, "average_price": 65000.1,
                               "gateway_order_id": str(gateway_id), "reject_reason": None, "created_at": now.isoformat(), "updated_at": now.isoformat()}
