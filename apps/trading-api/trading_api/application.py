"""The composition of trading-api: `create_app()` reads the configuration, sets up telemetry, builds the FastAPI app
(`build_api`) and opens its connections on startup. Nothing is composed at import time: `trading_api.main`, the module
uvicorn loads (`uvicorn trading_api.main:app`, as the AppHost's AddUvicornApp runs it), calls `create_app()` once.

Configuration (tradingaspire_common.config): PostgreSQL from TRADING_URI (else DATABASE_URL), Redis from REDIS_URI
(else REDIS_URL) — Aspire's Uri connection properties, taken by asyncpg and redis-py as they are — the gateway from services__gateway__http__0 (else GATEWAY_HTTP); a
missing or malformed one prints "configuration error: ..." and exits 2 before serving; so does a missing AUTH_* setting
(auth_settings.py: the signing key, the trader's password, the strategy's secret). Every /api route needs a bearer
token (access.py), issued at POST /auth/token (token_routes.py); trading-api calls the gateway with its own token.
Telemetry (tradingaspire_common.telemetry): OTEL_EXPORTER_OTLP_* as Aspire sets them; spans for each request, the
gateway call, PostgreSQL statements and Redis commands; structured logs and request metrics (docs/telemetry.md).
"""
import asyncio
import logging

import asyncpg
from fastapi import FastAPI

from tradingaspire_common.asyncpg_tracing import traced_connection_class
from tradingaspire_common.config import ConfigError, database_uri, exit_on_config_error, redis_uri, service_url
from tradingaspire_common.contracts import MAX_BODY_BYTES
from tradingaspire_common.meter import Meter
from tradingaspire_common.redis_tracing import traced_redis_class
from tradingaspire_common.telemetry import setup_telemetry
from tradingaspire_common.tokens import READ, TRADE, ServiceToken, TokenSigner
from tradingaspire_common.tracing import Tracer

from .access import AccessRefused, access_refused_response
from .auth_settings import AuthSettings, load_auth
from .body_limit import BodyLimitMiddleware
from .gateway import GatewayClient
from .health import HealthMonitor, health_report
from .health_routes import router as health_router
from .instrument_routes import router as instrument_router
from .login_throttle import LoginThrottle
from .market_routes import router as market_router
from .metrics_routes import router as metrics_router
from .order_routes import router as order_router
from .position_routes import router as position_router
from .repository import OrderRepository
from .service import OrderService
from .serving import event_loop_name, http_parser_name
from .telemetry import TelemetryMiddleware
from .token_routes import router as token_router

log = logging.getLogger("trading_api")

ROUTERS = (token_router, order_router, position_router, market_router, instrument_router, health_router, metrics_router)
"""Every route group, one APIRouter each."""


def build_api(auth: AuthSettings, tracer: Tracer, meter: Meter | None = None) -> FastAPI:
    """The app without its connections: the routers, the body limit (contracts.MAX_BODY_BYTES, 413 beyond it), request
    telemetry, the token signer and the answer to a refused token. Opens nothing; the route dependencies
    (dependencies.py) that need a connection get it from create_app's startup, or from a test's
    `app.dependency_overrides`."""
    app = FastAPI(title="TradingAspire trading-api", version="2",
                  description="Orders, positions and market data for clients and the trading UI. The contract in prose: docs/api.md.")
    app.add_middleware(BodyLimitMiddleware, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(TelemetryMiddleware, tracer=tracer, meter=meter)
    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(AccessRefused, access_refused_response)
    app.state.auth_settings = auth
    app.state.token_signer = TokenSigner(auth.signing_key, auth.token_lifetime_seconds)
    return app


def create_app() -> FastAPI:
    """trading-api as uvicorn serves it: the configuration read from the environment (exit 2 with "configuration
    error: ..." when a setting is missing or malformed), telemetry, `build_api`, and on startup the PostgreSQL pool,
    the Redis client, the gateway client, the services on them and the background health checks (closed on
    shutdown); then one line "trading-api started: event loop uvloop, HTTP parser httptools" (serving.py) per server
    process."""
    try:
        telemetry = setup_telemetry("trading-api")
        database = database_uri()
        redis = redis_uri()
        gateway_url = service_url("gateway")
        auth = load_auth()
    except ConfigError as config_error:
        exit_on_config_error(config_error)
    tracer = telemetry.tracer
    app = build_api(auth, tracer, telemetry.meter)

    # FastAPI 0.92 (Debian's) predates the lifespan parameter: startup/shutdown events it is.
    @app.on_event("startup")
    async def startup() -> None:
        telemetry.start()
        state = app.state
        state.pool = await asyncpg.create_pool(database.uri, min_size=1, max_size=10,
                                               connection_class=traced_connection_class(tracer, database.host, database.port, database.database))
        state.redis = traced_redis_class(tracer, redis.host, redis.port).from_url(redis.uri, decode_responses=True)
        state.login_throttle = LoginThrottle(state.redis, auth.lockout_failures, auth.lockout_seconds)
        service_token = ServiceToken(state.token_signer, subject="trading-api", audience="gateway", scopes=(READ, TRADE))
        state.gateway = GatewayClient(gateway_url, tracer, service_token.header)
        state.repository = OrderRepository(state.pool)
        state.orders = OrderService(state.gateway, state.repository)
        state.health = HealthMonitor(lambda: health_report(state.pool, state.redis, state.gateway))
        state.health.start()
        event_loop, http_parser = event_loop_name(asyncio.get_running_loop()), http_parser_name()
        log.info(f"trading-api started: event loop {event_loop}, HTTP parser {http_parser}",
                 extra={"gateway": gateway_url, "database": database.describe(), "redis": redis.describe(),
                        "token_lifetime_seconds": auth.token_lifetime_seconds, "otlp": telemetry.exporter.enabled,
                        "event_loop": event_loop, "http_parser": http_parser})

    @app.on_event("shutdown")
    async def shutdown() -> None:
        state = app.state
        await state.health.stop()
        await state.gateway.close()
        await state.redis.close()
        await state.pool.close()
        telemetry.shutdown()

    return app
