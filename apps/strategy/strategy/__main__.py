"""python -m strategy: runs until SIGTERM/SIGINT, then exits 0.

Configuration (tradingaspire_common.config): Redis from REDIS_URI (else REDIS_URL), trading-api from
services__trading-api__http__0 (else TRADING_API_HTTP), STRATEGY_* and AUTH_CLIENT_ID/AUTH_CLIENT_SECRET
(strategy.settings; the client credentials it authenticates with, strategy.auth); a missing or malformed one
prints "configuration error: ..." and exits 2. Telemetry from OTEL_EXPORTER_OTLP_* (docs/telemetry.md).
"""
import asyncio
import logging
import signal

from tradingaspire_common.config import ConfigError, exit_on_config_error, redis_uri, service_url
from tradingaspire_common.redis_tracing import traced_redis_class
from tradingaspire_common.telemetry import setup_telemetry

from . import settings as strategy_settings
from .auth import ClientCredentials
from .orders import OrderSubmitter
from .worker import StrategyWorker


async def main() -> None:
    try:
        telemetry = setup_telemetry("strategy")
        redis_settings = redis_uri()
        api_url = service_url("trading-api")
        settings = strategy_settings.load()
        client = strategy_settings.load_client()
    except ConfigError as error:
        exit_on_config_error(error)
    telemetry.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    redis = traced_redis_class(telemetry.tracer, redis_settings.host, redis_settings.port).from_url(redis_settings.uri, decode_responses=True)
    submitter = OrderSubmitter(api_url, tracer=telemetry.tracer, auth=ClientCredentials(client.client_id, client.client_secret, tracer=telemetry.tracer))
    worker = StrategyWorker(redis, submitter, settings, tracer=telemetry.tracer, meter=telemetry.meter)
    logging.getLogger("strategy").info("strategy started", extra={"run_id": worker.run_id, "trading_api": api_url, "redis": redis_settings.describe(), "client_id": client.client_id,
                                                                 "fast": settings.fast_window, "slow": settings.slow_window,
                                                                 "otlp": telemetry.exporter.enabled})
    await worker.run(stop)
    await submitter.close()
    await redis.close()
    logging.getLogger("strategy").info("strategy stopped", extra={"orders_placed": worker.orders_placed})
    telemetry.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
