import asyncio
import json
from trading_api.market_routes import market_history


class FakeRedis:
    """Redis list semantics for LRANGE on ticks:{symbol}:history, newest first as the gateway pushes them."""

    def __init__(self, lists):
        self.lists = lists
        self.calls = []

    async def lrange(self, key, start, stop):
        self.calls.append((key, start, stop))
        return self.lists.get(key, [])[start:stop + 1]


def tick(price, second):
    return json.dumps({"type": "tick", "symbol": "BTCUSDT", "price": price, "timestamp": f"2026-11-26T04:00:{second:02d}+00:00"})


def test_history_is_oldest_first_and_limited():
    redis = FakeRedis({"ticks:BTCUSDT:history": [tick(103, 3), tick(102, 2), tick(101, 1)]})

    body = asyncio.run(market_history("btcusdt", "2", redis))

    assert redis.calls == [("ticks:BTCUSDT:history", 0, 1)]
    assert body == {"symbol": "BTCUSDT", "ticks": [{"price": 102, "timestamp": "2026-11-26T04:00:02+00:00"},
                                                   {"price": 103, "timestamp": "2026-11-26T04:00:03+00:00"}]}


def test_a_symbol_without_history_has_no_ticks():
    body = asyncio.run(market_history("NOPE", "500", FakeRedis({})))

    assert body == {"symbol": "NOPE", "ticks": []}


def test_a_bad_limit_is_rejected_with_the_field_and_the_expected_form():
    for limit in ("0", "2001", "ten", "-5"):
        response = asyncio.run(market_history("BTCUSDT", limit, FakeRedis({})))

        assert response.status_code == 422
        error = json.loads(response.body)
        assert error["errors"] == [{"field": "limit", "reason": "must be a whole number from 1 to 2000 (example: ?limit=500)"}]
