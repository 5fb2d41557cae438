"""The route dependencies (FastAPI `Depends`): each returns one of the objects `app.create_app()` composes.

Routes declare what they need (`orders: OrderService = Depends(order_service)`) and never read `request.app.state`
themselves; this module is the one place that does. `build_api()` puts the token signer and the auth settings there
(no I/O); the startup event of `create_app()` puts the connections and the services built on them. Tests replace any
of them with `app.dependency_overrides[provider] = lambda: replacement` (FastAPI's idiom).

Every provider is `async def`: FastAPI runs a plain `def` dependency in its thread pool, a thread hop per provider
and request (POST /api/trades fell from 824 to 598 trades/s with two of them, docs/performance.md)."""
from fastapi import Request

from tradingaspire_common.tokens import TokenSigner

from .auth_settings import AuthSettings
from .gateway import GatewayClient
from .health import HealthMonitor
from .login_throttle import LoginThrottle
from .repository import OrderRepository
from .service import OrderService


async def token_signer(request: Request) -> TokenSigner:
    """Issues and verifies trading-api's tokens (key and lifetime from AuthSettings)."""
    return request.app.state.token_signer


async def auth_settings(request: Request) -> AuthSettings:
    """Who may log in (the trader, the strategy's client) and the lifetimes of tokens, sessions and lock-outs."""
    return request.app.state.auth_settings


async def redis_client(request: Request):
    """The Redis client (redis.asyncio, decode_responses=True): market data the gateway writes, the login throttle."""
    return request.app.state.redis


async def login_throttle(request: Request) -> LoginThrottle:
    """Failed logins per user or client, kept in Redis."""
    return request.app.state.login_throttle


async def gateway_client(request: Request) -> GatewayClient:
    """The execution gateway's HTTP API, called with trading-api's own service token."""
    return request.app.state.gateway


async def order_repository(request: Request) -> OrderRepository:
    """Reads of the `orders` table and the `positions` view (PostgreSQL)."""
    return request.app.state.repository


async def order_service(request: Request) -> OrderService:
    """The order path: validated order → gateway → trading-api's answer."""
    return request.app.state.orders


async def health_monitor(request: Request) -> HealthMonitor:
    """The background health checks' latest result."""
    return request.app.state.health
