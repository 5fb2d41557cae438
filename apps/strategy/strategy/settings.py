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


@dataclass(frozen=True)
class ClientSettings:
    """The strategy's OAuth 2.0 client at trading-api: AUTH_CLIENT_ID (default strategy) and AUTH_CLIENT_SECRET
    (required; the AppHost sets it from its parameter strategy-client-secret)."""
    client_id: str
    client_secret: str

    def __repr__(self) -> str:  # never print the secret
        return f"ClientSettings(client_id={self.client_id!r})"


def load_client(environ=os.environ) -> ClientSettings:
    secret = environ.get("AUTH_CLIENT_SECRET", "")
    if not secret:
        raise ConfigError("AUTH_CLIENT_SECRET is not set. The AppHost sets it from its parameter 'strategy-client-secret' (generated on "
                          "first run, kept in its user secrets); to run the strategy by hand, set it to trading-api's "
                          "AUTH_STRATEGY_CLIENT_SECRET (example: AUTH_CLIENT_SECRET=$(dotnet user-secrets list --project TradingAspire.AppHost "
                          "| sed -n 's/^Parameters:strategy-client-secret = //p')).")
    return ClientSettings(environ.get("AUTH_CLIENT_ID") or "strategy", secret)


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
