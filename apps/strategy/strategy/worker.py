"""The worker loop: ticks from Redis → signal → risk → order through trading-api; heartbeat every few seconds.

Telemetry: a crossover that places an order is one trace, a root span "signal" (symbol, side, price, outcome), and
the order's requests to trading-api are its children (trading-api continues the trace). A crossover the risk checks
skip (cooldown, notional, position) places nothing: it is counted, not traced, and logged at DEBUG only ("signal
skipped"), so an idle system does not fill the dashboard (DESIGN §7 "Hygiene"). Metrics: `strategy.heartbeats`
(counter, one per heartbeat written), `strategy.orders.placed` (gauge, filled orders since start), `strategy.signals`
(counter, attributes symbol, side, outcome = placed | skipped | failed)."""
import asyncio
import json
import logging
import time
import uuid
from datetime import datetime, timezone
from decimal import Decimal

from redis.exceptions import RedisError

from . import risk
from tradingaspire_common.contracts import STRATEGY_HEARTBEAT_KEY, STRATEGY_HEARTBEAT_LIFETIME_SECONDS, TICK_CHANNEL_PATTERN, OrderStatus
from tradingaspire_common.meter import Meter
from tradingaspire_common.tracing import Tracer

from .orders import client_order_id
from .signals import CrossoverSignal

log = logging.getLogger("strategy")
HEARTBEAT_SECONDS = 5
"""Seconds between heartbeats: three fit in the heartbeat's lifetime (contracts.STRATEGY_HEARTBEAT_LIFETIME_SECONDS)."""


class StrategyWorker:
    def __init__(self, redis, submitter, settings, clock=time.monotonic, tracer: Tracer | None = None, meter: Meter | None = None):
        self.redis = redis
        self.submitter = submitter
        self.settings = settings
        self.clock = clock
        self.run_id = uuid.uuid4().hex[:8]
        self.signals: dict[str, CrossoverSignal] = {}
        self.positions: dict[str, Decimal] = {}
        self.last_order_at: dict[str, float] = {}
        self.sequence = 0
        self.orders_placed = 0
        self.tracer = tracer or Tracer()
        meter = meter or Meter("strategy")
        self.heartbeats = meter.counter("strategy.heartbeats", "{heartbeat}", "Heartbeats written to Redis.")
        self.orders_gauge = meter.gauge("strategy.orders.placed", "{order}", "Filled orders since the worker started.")
        self.signal_count = meter.counter("strategy.signals", "{signal}", "Crossover signals by outcome.")

    async def on_tick(self, symbol: str, price: Decimal) -> None:
        signal = self.signals.setdefault(symbol, CrossoverSignal(self.settings.fast_window, self.settings.slow_window)).update(float(price))
        if signal is None:
            return
        last = self.last_order_at.get(symbol)
        reason = risk.check(signal, self.settings.order_quantity, price, self.positions.get(symbol, Decimal(0)),
                            None if last is None else self.clock() - last, self.settings)
        if reason:
            log.debug("signal skipped", extra={"symbol": symbol, "signal": signal, "reason": reason})
            outcome = "skipped"
        else:
            with self.tracer.start_span("signal", symbol=symbol, side=signal, price=float(price)) as span:
                outcome = await self._place(symbol, signal, price, span)
                span.set_attribute("outcome", outcome)
        self.signal_count.add(1, {"symbol": symbol, "side": signal, "outcome": outcome})

    async def _place(self, symbol: str, signal: str, price: Decimal, span) -> str:
        self.sequence += 1
        order = {"client_order_id": client_order_id(self.run_id, symbol, self.sequence), "symbol": symbol, "side": signal,
                 "type": "market", "quantity": float(self.settings.order_quantity)}
        span.set_attribute("client_order_id", order["client_order_id"])
        self.last_order_at[symbol] = self.clock()
        log.info("signal", extra={"symbol": symbol, "signal": signal, "price": float(price), "client_order_id": order["client_order_id"]})
        trade = await self.submitter.submit(order)
        if trade and trade.get("status") == OrderStatus.FILLED:
            filled = Decimal(str(trade["filled_quantity"]))
            self.positions[symbol] = self.positions.get(symbol, Decimal(0)) + (filled if signal == "buy" else -filled)
            self.orders_placed += 1
            self.orders_gauge.set(self.orders_placed)
            return "placed"
        return "failed"

    async def heartbeat(self) -> None:
        beat = {"timestamp": datetime.now(timezone.utc).isoformat(), "run_id": self.run_id, "orders_placed": self.orders_placed,
                "positions": {k: float(v) for k, v in self.positions.items()}}
        await self.redis.set(STRATEGY_HEARTBEAT_KEY, json.dumps(beat), ex=STRATEGY_HEARTBEAT_LIFETIME_SECONDS)
        self.heartbeats.add(1)

    async def run(self, stop: asyncio.Event) -> None:
        heartbeat = asyncio.create_task(self._heartbeat_loop(stop))
        try:
            while not stop.is_set():
                try:
                    await self._consume(stop)
                except (RedisError, ConnectionError, OSError) as error:
                    log.warning("Redis unavailable; reconnecting", extra={"error": str(error)})
                    await _wait(stop, 1.0)
        finally:
            heartbeat.cancel()

    async def _consume(self, stop: asyncio.Event) -> None:
        pubsub = self.redis.pubsub()
        await pubsub.psubscribe(TICK_CHANNEL_PATTERN)
        try:
            while not stop.is_set():
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                if message and message["type"] == "pmessage":
                    tick = json.loads(message["data"])
                    await self.on_tick(tick["symbol"], Decimal(str(tick["price"])))
        finally:
            await pubsub.close()

    async def _heartbeat_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.heartbeat()
            except Exception as error:  # noqa: BLE001 - keep beating once Redis is back
                log.warning("heartbeat failed", extra={"error": str(error)})
            await _wait(stop, HEARTBEAT_SECONDS)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except asyncio.TimeoutError:
        pass
