"""python -m strategy: runs until SIGTERM/SIGINT, then exits 0."""
import asyncio
import logging
import os
import signal

import redis.asyncio as aioredis

from tradingaspire_common.config import ConfigError, exit_on_config_error, parse_redis_url, service_url
from tradingaspire_common.logs import configure_logging
from tradingaspire_common.otlp import OtlpExporter

from . import settings as strategy_settings
from .orders import OrderSubmitter
from .worker import StrategyWorker


async def main() -> None:
    exporter = OtlpExporter.from_environment("strategy")
    configure_logging(exporter)
    try:
        redis_settings = parse_redis_url(os.environ.get("REDIS_URL"))
        api_url = service_url("trading-api")
        settings = strategy_settings.load()
    except ConfigError as error:
        exit_on_config_error(error)
    exporter.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    redis = aioredis.from_url(redis_settings.url(), decode_responses=True)
    submitter = OrderSubmitter(api_url)
    worker = StrategyWorker(redis, submitter, settings)
    logging.getLogger("strategy").info("strategy started", extra={"run_id": worker.run_id, "trading_api": api_url,
                                                                 "fast": settings.fast_window, "slow": settings.slow_window})
    await worker.run(stop)
    await submitter.close()
    await redis.close()
    logging.getLogger("strategy").info("strategy stopped", extra={"orders_placed": worker.orders_placed})
    exporter.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
