import asyncio
import json
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import time

from trading_api.decimal_json import dumps
from trading_api.health import HealthMonitor, health_report
from trading_api.order_view import order_from_row


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


def test_order_rows_are_returned_as_the_api_contract_with_exact_numbers():
    now = datetime(2026, 11, 24, tzinfo=timezone.utc)
    order_id = uuid.uuid4()
    row = {"id": order_id, "client_order_id": "c", "symbol": "BTCUSDT", "side": "buy", "order_type": "market", "quantity": Decimal("0.1234567891"),
           "limit_price": None, "status": "filled", "filled_quantity": Decimal("0.1234567891"), "average_price": Decimal("65000.1000000000"),
           "created_at": now, "updated_at": now}
    assert dumps(order_from_row(row)) == (
        f'{{"id": "{order_id}", "client_order_id": "c", "symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": 0.1234567891, '
        f'"limit_price": null, "status": "filled", "filled_quantity": 0.1234567891, "average_price": 65000.1, "gateway_order_id": "{order_id}", '
        f'"reject_reason": null, "created_at": "{now.isoformat()}", "updated_at": "{now.isoformat()}"}}')


def test_the_monitor_checks_in_the_background_at_most_once_per_interval_and_serves_the_latest_result():
    calls = []

    async def report():
        calls.append(time.monotonic())
        return 200, {"status": "healthy", "n": len(calls)}

    async def scenario():
        monitor = HealthMonitor(report, interval=0.2)
        monitor.start()
        answers = [await monitor.latest() for _ in range(200)]  # 200 /health calls in a burst
        deadline = time.monotonic() + 5
        while len(calls) < 3 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        await monitor.stop()
        return answers

    answers = asyncio.run(scenario())
    assert answers[0] == (200, {"status": "healthy", "n": 1})
    assert len(calls) >= 3, "the monitor kept refreshing in the background"
    gaps = [later - earlier for earlier, later in zip(calls, calls[1:])]
    assert min(gaps) >= 0.19, f"checks ran closer together than the interval: {gaps}"


def test_a_check_that_hangs_is_reported_unhealthy_after_the_timeout(monkeypatch):
    monkeypatch.setattr("trading_api.health.CHECK_TIMEOUT_SECONDS", 0.05)

    class HangingPool(FakePool):
        async def fetchval(self, sql):
            await asyncio.sleep(10)

    status, body = report(pool=HangingPool())
    assert status == 503 and body["checks"]["postgres"]["error"] == "no answer within 0.05 s"
