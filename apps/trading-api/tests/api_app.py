"""trading-api's app as `application.build_api` composes it (routers, body limit, telemetry middleware, access), with
the connections a test gives through FastAPI's `dependency_overrides` instead of the ones create_app opens on startup."""
import redis.asyncio as aioredis
from fastapi import FastAPI

from trading_api import dependencies
from trading_api.application import build_api
from trading_api.auth_settings import AuthSettings
from trading_api.gateway import GatewayClient
from trading_api.login_throttle import LoginThrottle
from trading_api.service import OrderService
from tradingaspire_common.testing.auth import SIGNING_KEY, STRATEGY_CLIENT_ID, STRATEGY_CLIENT_SECRET, TRADER_PASSWORD, TRADER_USERNAME
from tradingaspire_common.tokens import READ, TRADE, ServiceToken, TokenSigner
from tradingaspire_common.tracing import Tracer

SETTINGS = AuthSettings(SIGNING_KEY, TRADER_USERNAME, TRADER_PASSWORD, STRATEGY_CLIENT_ID, STRATEGY_CLIENT_SECRET,
                        token_lifetime_seconds=3600, lockout_failures=3, lockout_seconds=60, session_seconds=12 * 3600)
SERVICE_TOKEN = ServiceToken(TokenSigner(SIGNING_KEY), subject="trading-api", audience="gateway", scopes=(READ, TRADE))


class ApiUnderTest:
    """The app and what a test must close in the event loop that used it (`await api.close()`)."""

    def __init__(self, gateway_url: str = "http://127.0.0.1:9", repository=None, redis_url: str | None = None, timeout: float = 5.0):
        self.app: FastAPI = build_api(SETTINGS, Tracer(lambda span: None))
        self.gateway = GatewayClient(gateway_url, Tracer(lambda span: None), SERVICE_TOKEN.header, timeout=timeout)
        self.redis = aioredis.from_url(redis_url, decode_responses=True) if redis_url else None
        overrides = self.app.dependency_overrides
        overrides[dependencies.gateway_client] = lambda: self.gateway
        overrides[dependencies.order_service] = lambda: OrderService(self.gateway, repository)
        if repository is not None:
            overrides[dependencies.order_repository] = lambda: repository
        if self.redis is not None:
            overrides[dependencies.redis_client] = lambda: self.redis
            overrides[dependencies.login_throttle] = lambda: LoginThrottle(self.redis, SETTINGS.lockout_failures, SETTINGS.lockout_seconds)

    async def close(self) -> None:
        await self.gateway.close()  # its connections belong to this event loop; the next call opens new ones
        if self.redis is not None:
            await self.redis.close()
