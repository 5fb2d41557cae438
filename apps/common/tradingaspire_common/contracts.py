"""The contracts trading-api and the strategy share with the gateway and with each other, defined once for Python.

The gateway (C#) defines the same in `TradingAspire.Gateway` (`Market/RedisKeys`, `Orders/OrderStatuses`,
`Orders/OrderFieldDomain.MaxBodyBytes`); `eng/contracts/cross-service.json` holds the agreed values and a test in each
language compares its definition with it (here: apps/common/tests/test_contracts.py).

- Redis (written by the gateway, read by trading-api and the strategy): the latest price of a symbol (`price_key`, a
  decimal string) and its time (`price_time_key`, ISO 8601), the tick channel (`tick_channel`, one JSON tick
  `{"type": "tick", "symbol", "price", "timestamp"}` per message; `TICK_CHANNEL_PATTERN` for every symbol) and the
  recent ticks (`tick_history_key`, a list, newest first).
- The strategy's heartbeat (written by the strategy, read by trading-api's /health): `STRATEGY_HEARTBEAT_KEY`, a JSON
  object with an ISO 8601 `timestamp`, written with a lifetime of `STRATEGY_HEARTBEAT_LIFETIME_SECONDS`; trading-api
  reports the strategy down once the newest heartbeat is older than that lifetime.
- Order statuses (`orders.status` in PostgreSQL, the `status` of every order answer).
- The largest request body trading-api and the gateway accept (`MAX_BODY_BYTES`, 413 beyond it).

The traded symbols are not here: the gateway's `Gateway:Symbols` option is their one source, served as
GET /api/instruments (docs/api.md)."""

TICK_CHANNEL_PATTERN = "ticks:*"
"""Redis pattern (PSUBSCRIBE) of every symbol's tick channel."""

STRATEGY_HEARTBEAT_KEY = "strategy:heartbeat"
"""Redis key of the strategy's latest heartbeat (JSON with `timestamp`, `run_id`, `orders_placed`, `positions`)."""

STRATEGY_HEARTBEAT_LIFETIME_SECONDS = 15
"""Seconds a heartbeat lives in Redis (its EX) and counts as recent for trading-api's /health."""

MAX_BODY_BYTES = 16 * 1024
"""Largest request body in bytes (16 KiB) trading-api and the gateway read; a larger one is refused with 413. An order
is well under 1 KiB."""


def price_key(symbol: str) -> str:
    """Redis key of a symbol's latest price, a decimal string ("65032.51")."""
    return f"price:{symbol}"


def price_time_key(symbol: str) -> str:
    """Redis key of the time of a symbol's latest price (ISO 8601, written with the price in one MSET)."""
    return f"price:{symbol}:at"


def tick_channel(symbol: str) -> str:
    """Redis pub/sub channel of a symbol's ticks."""
    return f"ticks:{symbol}"


def tick_history_key(symbol: str) -> str:
    """Redis list of a symbol's recent ticks as JSON, newest first (the gateway keeps `Gateway:TickHistoryLength`)."""
    return f"ticks:{symbol}:history"


class OrderStatus:
    """Values of an order's `status` (the `orders.status` CHECK constraint)."""
    NEW = "new"
    RESTING = "resting"
    """A limit order waiting for the market to cross its price."""
    FILLED = "filled"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


ORDER_STATUSES = (OrderStatus.NEW, OrderStatus.RESTING, OrderStatus.FILLED, OrderStatus.REJECTED, OrderStatus.CANCELLED)
"""Every order status, in the order of the column's CHECK constraint."""
