import asyncio
from decimal import Decimal

import httpx
import pytest

from strategy import risk
from strategy.orders import OrderSubmitter, backoff_delays, client_order_id
from strategy.settings import StrategySettings, load
from strategy.signals import CrossoverSignal
from strategy.worker import StrategyWorker
from tradingaspire_common.config import ConfigError


def test_no_signal_until_the_slow_window_is_full():
    signal = CrossoverSignal(2, 4)
    assert [signal.update(p) for p in (10, 10, 10)] == [None, None, None]


def test_fast_crossing_above_slow_is_a_buy_and_below_is_a_sell():
    signal = CrossoverSignal(2, 4)
    prices = [10, 10, 10, 9, 9, 12, 13, 13, 8, 7]
    signals = [signal.update(p) for p in prices]
    assert signals.count("buy") == 1 and signals.count("sell") == 1
    assert signals.index("buy") < signals.index("sell")


def test_a_flat_market_gives_no_signal():
    signal = CrossoverSignal(3, 6)
    assert all(signal.update(100.0) is None for _ in range(50))


SETTINGS = StrategySettings(max_position=Decimal("1"), max_order_notional=Decimal("1000"), cooldown_seconds=10, order_quantity=Decimal("0.5"))


@pytest.mark.parametrize("side, quantity, price, position, since, reason", [
    ("buy", Decimal("0.5"), Decimal("100"), Decimal("0"), None, None),
    ("buy", Decimal("0.5"), Decimal("100"), Decimal("0"), 3.0, "cooldown: last order 3.0 s ago, minimum 10 s"),
    ("buy", Decimal("0.5"), Decimal("3000"), Decimal("0"), None, "order notional 1500.00 exceeds 1000"),
    ("buy", Decimal("0.5"), Decimal("100"), Decimal("0.8"), 30.0, "position would become 1.3, beyond ±1"),
    ("sell", Decimal("0.5"), Decimal("100"), Decimal("0.8"), 30.0, None),
])
def test_risk_limits(side, quantity, price, position, since, reason):
    assert risk.check(side, quantity, price, position, since, SETTINGS) == reason


def test_client_order_ids_are_deterministic_per_signal():
    assert client_order_id("run1", "BTCUSDT", 7) == "strategy-run1-BTCUSDT-7"


def test_backoff_doubles_up_to_a_cap():
    assert backoff_delays(6) == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


def test_settings_reject_a_fast_window_not_smaller_than_the_slow_one():
    with pytest.raises(ConfigError, match="must be smaller than STRATEGY_SLOW_WINDOW"):
        load({"STRATEGY_FAST_WINDOW": "20", "STRATEGY_SLOW_WINDOW": "5"})


def test_settings_reject_non_numbers_with_the_expected_form():
    with pytest.raises(ConfigError, match=r"Invalid STRATEGY_MAX_POSITION = 'lots'. Expected: a number > 0 \(example: 1\)."):
        load({"STRATEGY_MAX_POSITION": "lots"})


def submitter_with(responses):
    """An OrderSubmitter whose HTTP calls are answered in order by `responses` (status or exception); records requests."""
    requests = []

    def handler(request):
        requests.append(request)
        answer = responses.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return httpx.Response(answer, json={"status": "filled", "filled_quantity": 0.5})

    client = httpx.AsyncClient(base_url="http://api", transport=httpx.MockTransport(handler))
    slept = []

    async def sleep(seconds):
        slept.append(seconds)

    return OrderSubmitter("http://api", attempts=4, sleep=sleep, client=client), requests, slept


def test_a_retry_after_an_outage_reuses_the_client_order_id():
    submitter, requests, slept = submitter_with([httpx.ConnectError("down"), 503, 201])
    trade = asyncio.run(submitter.submit({"client_order_id": "strategy-x-BTCUSDT-1", "symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": 0.5}))
    assert trade["status"] == "filled"
    assert len(requests) == 3 and len({r.content for r in requests}) == 1
    assert slept == [0.5, 1.0]


def test_a_rejected_order_is_not_retried():
    submitter, requests, _ = submitter_with([422])
    assert asyncio.run(submitter.submit({"client_order_id": "c"})) is None
    assert len(requests) == 1


def test_the_worker_places_an_order_on_a_crossover_and_tracks_its_position():
    class FakeSubmitter:
        def __init__(self):
            self.orders = []

        async def submit(self, order):
            self.orders.append(order)
            return {"status": "filled", "filled_quantity": order["quantity"]}

    submitter = FakeSubmitter()
    worker = StrategyWorker(redis=None, submitter=submitter, settings=StrategySettings(fast_window=2, slow_window=4, order_quantity=Decimal("0.5"),
                                                                                     max_order_notional=Decimal("100000"), max_position=Decimal("5")),
                            clock=lambda: 1000.0)
    for price in [10, 10, 10, 9, 9, 12, 13]:
        asyncio.run(worker.on_tick("ETHUSDT", Decimal(price)))
    assert [o["side"] for o in submitter.orders] == ["buy"]
    assert submitter.orders[0]["client_order_id"] == f"strategy-{worker.run_id}-ETHUSDT-1"
    assert worker.positions["ETHUSDT"] == Decimal("0.5")
