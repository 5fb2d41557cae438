"""The FastAPI application: configuration checked at startup, then the routes, health, metrics and telemetry."""
import logging
import os

import asyncpg
import redis.asyncio as aioredis
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tradingaspire_common.config import ConfigError, exit_on_config_error, parse_database_url, parse_redis_url, service_url
from tradingaspire_common.logs import configure_logging
from tradingaspire_common.otlp import OtlpExporter
from tradingaspire_common.tracing import Tracer

from .gateway import GatewayClient
from .health import health_report
from .repository import TradeRepository
from .routes import router
from .service import TradeService
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


app = FastAPI(title="TradingAspire trading-api")
app.add_middleware(TelemetryMiddleware, tracer=tracer)
app.include_router(router)


# FastAPI 0.92 (Debian's) predates the lifespan parameter: startup/shutdown events it is.
@app.on_event("startup")
async def startup() -> None:
    exporter.start()
    app.state.pool = await asyncpg.create_pool(DATABASE.dsn(), min_size=1, max_size=10)
    app.state.redis = aioredis.from_url(REDIS.url(), decode_responses=True)
    app.state.gateway = GatewayClient(GATEWAY_URL, tracer)
    app.state.repository = TradeRepository(app.state.pool)
    app.state.trades = TradeService(app.state.repository, app.state.redis, app.state.gateway)
    log.info("trading-api started", extra={"gateway": GATEWAY_URL, "database": f"{DATABASE.host}:{DATABASE.port}/{DATABASE.database}"})


@app.on_event("shutdown")
async def shutdown() -> None:
    await app.state.gateway.close()
    await app.state.redis.close()
    await app.state.pool.close()
    exporter.shutdown()


@app.get("/health")
async def health(request: Request):
    status, body = await health_report(request.app.state.pool, request.app.state.redis, request.app.state.gateway)
    return JSONResponse(status_code=status, content=body)


@app.get("/alive")
async def alive():
    return {"status": "alive"}


@app.get("/metrics")
async def metrics():
    return metrics_response()
