"""The FastAPI application: configuration checked at startup, then the routes, health, metrics and telemetry.

Configuration (tradingaspire_common.config): PostgreSQL from TRADING_URI (else DATABASE_URL), Redis from REDIS_URI
(else REDIS_URL) (Aspire's Uri connection properties, taken by asyncpg and redis-py as they are), the gateway from
services__gateway__http__0 (else GATEWAY_HTTP); a missing or malformed one prints "configuration error: ..." and exits 2 before serving; so does a missing AUTH_* setting
(auth_settings.py: the signing key, the trader's password, the strategy's secret). Every /api route needs a bearer
token (access.py), issued at POST /auth/token (token_routes.py); trading-api calls the gateway with its own token. Telemetry
(tradingaspire_common.telemetry): OTEL_EXPORTER_OTLP_* as Aspire sets them; spans for each request, the gateway
call, PostgreSQL statements and Redis commands; structured logs and request metrics (docs/telemetry.md).
"""
import logging

import asyncpg
from fastapi import FastAPI

from tradingaspire_common.asyncpg_tracing import traced_connection_class
from tradingaspire_common.config import ConfigError, database_uri, exit_on_config_error, redis_uri, service_url
from tradingaspire_common.redis_tracing import traced_redis_class
from tradingaspire_common.telemetry import setup_telemetry

from tradingaspire_common.tokens import READ, TRADE, ServiceToken, TokenSigner

from .access import install_access
from .auth_settings import load_auth
from .body_limit import BodyLimitMiddleware
from .gateway import GatewayClient
from .health import HealthMonitor, health_report
from .health_routes import router as health_router
from .login_throttle import LoginThrottle
from .market_routes import router as market_router
from .order_domain import MAX_BODY_BYTES
from .order_routes import router as order_router
from .position_routes import router as position_router
from .repository import OrderRepository
from .service import OrderService
from .telemetry import TelemetryMiddleware, metrics_response
from .token_routes import router as token_router

log = logging.getLogger("trading_api")

try:
    telemetry = setup_telemetry("trading-api")
    DATABASE = database_uri()
    REDIS = redis_uri()
    GATEWAY_URL = service_url("gateway")
    AUTH = load_auth()
except ConfigError as config_error:
    exit_on_config_error(config_error)
tracer = telemetry.tracer


app = FastAPI(title="TradingAspire trading-api", version="2",
              description="Orders, positions and market data for clients and the trading UI. The contract in prose: docs/api.md.")
app.add_middleware(BodyLimitMiddleware, max_bytes=MAX_BODY_BYTES)
app.add_middleware(TelemetryMiddleware, tracer=tracer, meter=telemetry.meter)
for router in (token_router, order_router, position_router, market_router, health_router):
    app.include_router(router)
app.state.auth_settings = AUTH
install_access(app, TokenSigner(AUTH.signing_key, AUTH.token_lifetime_seconds))


# FastAPI 0.92 (Debian's) predates the lifespan parameter: startup/shutdown events it is.
@app.on_event("startup")
async def startup() -> None:
    telemetry.start()
    app.state.pool = await asyncpg.create_pool(DATABASE.uri, min_size=1, max_size=10,
                                               connection_class=traced_connection_class(tracer, DATABASE.host, DATABASE.port, DATABASE.database))
    app.state.redis = traced_redis_class(tracer, REDIS.host, REDIS.port).from_url(REDIS.uri, decode_responses=True)
    app.state.login_throttle = LoginThrottle(app.state.redis, AUTH.lockout_failures, AUTH.lockout_seconds)
    service_token = ServiceToken(app.state.token_signer, subject="trading-api", audience="gateway", scopes=(READ, TRADE))
    app.state.gateway = GatewayClient(GATEWAY_URL, tracer, service_token.header)
    app.state.repository = OrderRepository(app.state.pool)
    app.state.orders = OrderService(app.state.gateway, app.state.repository)
    app.state.health = HealthMonitor(lambda: health_report(app.state.pool, app.state.redis, app.state.gateway))
    app.state.health.start()
    log.info("trading-api started", extra={"gateway": GATEWAY_URL, "database": DATABASE.describe(), "redis": REDIS.describe(),
                                          "token_lifetime_seconds": AUTH.token_lifetime_seconds,
                                          "otlp": telemetry.exporter.enabled})


@app.on_event("shutdown")
async def shutdown() -> None:
    await app.state.health.stop()
    await app.state.gateway.close()
    await app.state.redis.close()
    await app.state.pool.close()
    telemetry.shutdown()


@app.get("/metrics")
async def metrics():
    return metrics_response()
