"""Authentication settings from the environment (the AppHost injects them from its parameters; docs/api.md#authentication).

| variable | meaning | default |
|---|---|---|
| `AUTH_SIGNING_KEY` | HS256 key of every token, shared with the gateway (parameter `auth-signing-key`) | required, >= 32 characters |
| `AUTH_TRADER_USERNAME` | the trader's user name (password grant) | `trader` |
| `AUTH_TRADER_PASSWORD` | the trader's password (parameter `trader-password`) | required |
| `AUTH_STRATEGY_CLIENT_ID` | the strategy's client id (client_credentials grant) | `strategy` |
| `AUTH_STRATEGY_CLIENT_SECRET` | the strategy's client secret (parameter `strategy-client-secret`) | required |
| `AUTH_TOKEN_MINUTES` | lifetime of an issued token, minutes (1..1440) | `60` |
| `AUTH_TOKEN_SECONDS` | wins over `AUTH_TOKEN_MINUTES` when set: the lifetime in seconds (10..86400), for one under a minute | not set |
| `AUTH_SESSION_HOURS` | how long after a login its token may still be renewed (token exchange), hours (1..720) | `12` |
| `AUTH_LOCKOUT_FAILURES` | failed logins in a row (within the lock-out time) that lock a user or client (1..100) | `5` |
| `AUTH_LOCKOUT_MINUTES` | how long such a lock lasts, minutes (1..1440) | `5` |

A missing or bad value raises ConfigError naming the variable (never its value); trading-api then exits 2.
"""
import os
from collections.abc import Mapping
from dataclasses import dataclass

from tradingaspire_common.errors import ConfigError
from tradingaspire_common.tokens import check_signing_key


@dataclass(frozen=True)
class AuthSettings:
    """Who may log in and how long tokens and lock-outs last. Lifetimes in seconds."""
    signing_key: str
    trader_username: str
    trader_password: str
    strategy_client_id: str
    strategy_client_secret: str
    token_lifetime_seconds: int = 3600
    lockout_failures: int = 5
    lockout_seconds: int = 300
    session_seconds: int = 12 * 3600

    def __repr__(self) -> str:  # never print a secret
        return f"AuthSettings(trader={self.trader_username!r}, client={self.strategy_client_id!r}, token_lifetime_seconds={self.token_lifetime_seconds})"


def _required(environ: Mapping[str, str], name: str, parameter: str) -> str:
    value = environ.get(name, "")
    if not value:
        raise ConfigError(f"{name} is not set. The AppHost sets it from its parameter '{parameter}' (generated on first run, kept in "
                          f"its user secrets); to run trading-api by hand, set it (example: {name}=$(openssl rand -hex 32)).")
    return value


def _whole(environ: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    value = environ.get(name, "")
    if value == "":
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise ConfigError(f"Invalid {name} = '{value}'. Expected: a whole number from {low} to {high} (example: {name}={default}).")
    return int(value)


def _token_lifetime(environ: Mapping[str, str]) -> int:
    """Seconds: AUTH_TOKEN_SECONDS when set (it wins), else AUTH_TOKEN_MINUTES (60 by default)."""
    if not environ.get("AUTH_TOKEN_SECONDS"):
        return _whole(environ, "AUTH_TOKEN_MINUTES", 60, 1, 1440) * 60
    return _whole(environ, "AUTH_TOKEN_SECONDS", 30, 10, 86400)  # 30: the example its error gives


def load_auth(environ: Mapping[str, str] = os.environ) -> AuthSettings:
    """The settings above. Raises ConfigError."""
    key = _required(environ, "AUTH_SIGNING_KEY", "auth-signing-key")
    if problem := check_signing_key(key, "AUTH_SIGNING_KEY"):
        raise ConfigError(problem)
    return AuthSettings(
        signing_key=key,
        trader_username=environ.get("AUTH_TRADER_USERNAME") or "trader",
        trader_password=_required(environ, "AUTH_TRADER_PASSWORD", "trader-password"),
        strategy_client_id=environ.get("AUTH_STRATEGY_CLIENT_ID") or "strategy",
        strategy_client_secret=_required(environ, "AUTH_STRATEGY_CLIENT_SECRET", "strategy-client-secret"),
        token_lifetime_seconds=_token_lifetime(environ),
        lockout_failures=_whole(environ, "AUTH_LOCKOUT_FAILURES", 5, 1, 100),
        lockout_seconds=_whole(environ, "AUTH_LOCKOUT_MINUTES", 5, 1, 1440) * 60,
        session_seconds=_whole(environ, "AUTH_SESSION_HOURS", 12, 1, 720) * 3600,
    )
