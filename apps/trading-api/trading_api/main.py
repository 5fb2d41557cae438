"""The FastAPI application: configuration checked at startup, then the routes, health, metrics and telemetry."""
import logging
import os

import asyncpg
import redis.asyncio as aioredis
from fastapi import FastAPI

from tradingaspire_common.config import ConfigError, exit_on_config_error, parse_database_url, parse_redis_url, service_url
from tradingaspire_common.logs import configure_logging
from tradingaspire_common.otlp import OtlpExporter
from tradingaspire_common.tracing import Tracer

from .body_limit import BodyLimitMiddleware
from .gateway import GatewayClient
from .health import HealthMonitor, health_report
from .health_routes import router as health_router
from .market_routes import router as market_router
from .order_domain import MAX_BODY_BYTES
from .order_routes import router as order_router
from .position_routes import router as position_router
from .repository import OrderRepository
from .service import OrderService
from .telemetry import TelemetryMiddleware, metrics_response

exporter = OtlpExporter.from_environment("trading-api")
tracer = Tracer(exporter.export_span)
configure_logging(exporter)
log = logging.getLogger("trading_api")

try:
    DATABASE = parse_database_url(os.environ.get("DATABASE_URL"))
    REDIS = parse_redis_url(os.environ.get("REDIS_URL"))
    GATEWAY_URL = service_url("gateway")
except ConfigError as config_error:
    exit_on_config_error(config_error)


app = FastAPI(title="TradingAspire trading-api", version="2",
              description="Orders, positions and market data for clients and the trading UI. The contract in prose: docs/api.md.")
app.add_middleware(BodyLimitMiddleware, max_bytes=MAX_BODY_BYTES)
app.add_middleware(TelemetryMiddleware, tracer=tracer)
for router in (order_router, position_router, market_router, health_router):
    app.include_router(router)


# FastAPI 0.92 (Debian's) predates the lifespan parameter: startup/shutdown events it is.
@app.on_event("startup")
async def startup() -> None:
    exporter.start()
    app.state.pool = await asyncpg.create_pool(DATABASE.dsn(), min_size=1, max_size=10)
    app.state.redis = aioredis.from_url(REDIS.url(), decode_responses=True)
    app.state.gateway = GatewayClient(GATEWAY_URL, tracer)
    app.state.repository = OrderRepository(app.state.pool)
    app.state.orders = OrderService(app.state.gateway, app.state.repository)
    app.state.health = HealthMonitor(lambda: health_report(app.state.pool, app.state.redis, app.state.gateway))
    app.state.health.start()
    log.info("trading-api started", extra={"gateway": GATEWAY_URL, "database": f"{DATABASE.host}:{DATABASE.port}/{DATABASE.database}"})


@app.on_event("shutdown")
async def shutdown() -> None:
    await app.state.health.stop()
    await app.state.gateway.close()
    await app.state.redis.close()
    await app.state.pool.close()
    exporter.shutdown()


@app.get("/metrics")
async def metrics():
    return metrics_response()
