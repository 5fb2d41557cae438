"""Strategy settings from the environment, validated with clear messages."""
import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from tradingaspire_common.config import ConfigError


@dataclass(frozen=True)
class StrategySettings:
    fast_window: int = 5
    slow_window: int = 20
    max_position: Decimal = Decimal("1")
    max_order_notional: Decimal = Decimal("5000")
    cooldown_seconds: float = 10.0
    order_quantity: Decimal = Decimal("0.01")


def _read(environ, name, parse, default, expected):
    value = environ.get(name)
    if value is None or value == "":
        return default
    try:
        parsed = parse(value)
    except (ValueError, InvalidOperation):
        raise ConfigError(f"Invalid {name} = '{value}'. Expected: {expected}.") from None
    if parsed <= 0:
        raise ConfigError(f"Invalid {name} = '{value}'. Expected: {expected}.")
    return parsed


def load(environ=os.environ) -> StrategySettings:
    settings = StrategySettings(
        fast_window=_read(environ, "STRATEGY_FAST_WINDOW", int, 5, "a whole number > 0 (example: 5)"),
        slow_window=_read(environ, "STRATEGY_SLOW_WINDOW", int, 20, "a whole number > 0 (example: 20)"),
        max_position=_read(environ, "STRATEGY_MAX_POSITION", Decimal, Decimal("1"), "a number > 0 (example: 1)"),
        max_order_notional=_read(environ, "STRATEGY_MAX_ORDER_NOTIONAL", Decimal, Decimal("5000"), "a number > 0 (example: 5000)"),
        cooldown_seconds=_read(environ, "STRATEGY_COOLDOWN_SECONDS", float, 10.0, "seconds > 0 (example: 10)"),
        order_quantity=_read(environ, "STRATEGY_ORDER_QUANTITY", Decimal, Decimal("0.01"), "a number > 0 (example: 0.01)"),
    )
    if settings.fast_window >= settings.slow_window:
        raise ConfigError(f"STRATEGY_FAST_WINDOW ({settings.fast_window}) must be smaller than STRATEGY_SLOW_WINDOW ({settings.slow_window}).")
    return settings
