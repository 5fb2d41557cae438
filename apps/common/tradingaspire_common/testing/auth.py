"""Authentication settings and tokens for tests: the AUTH_* variables trading-api needs (as the AppHost would inject
them, with test values) and tokens signed with the same key, so a test calls /api routes as a logged-in client."""
from collections.abc import Iterable

from ..tokens import READ, TRADE, TokenSigner

SIGNING_KEY = "test-signing-key-0123456789abcdef0123456789abcdef"
TRADER_USERNAME = "trader"
TRADER_PASSWORD = "test-trader-password"
STRATEGY_CLIENT_ID = "strategy"
STRATEGY_CLIENT_SECRET = "test-strategy-secret"
AUTH_ENVIRONMENT = {"AUTH_SIGNING_KEY": SIGNING_KEY, "AUTH_TRADER_USERNAME": TRADER_USERNAME, "AUTH_TRADER_PASSWORD": TRADER_PASSWORD,
                    "AUTH_STRATEGY_CLIENT_ID": STRATEGY_CLIENT_ID, "AUTH_STRATEGY_CLIENT_SECRET": STRATEGY_CLIENT_SECRET}


def bearer(scopes: Iterable[str] = (READ, TRADE), audience: str = "trading-api", subject: str = TRADER_USERNAME,
           key: str = SIGNING_KEY, lifetime_seconds: int = 3600) -> dict[str, str]:
    """{"authorization": "Bearer <token>"} for a token signed with `key` (the test key unless given)."""
    token, _ = TokenSigner(key).issue(subject, audience, scopes, lifetime_seconds)
    return {"authorization": f"Bearer {token}"}
