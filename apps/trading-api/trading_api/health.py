"""GET /health: each dependency's status; 503 only when PostgreSQL or Redis (needed for every request) are down.
The checks run in the background (HealthMonitor), at most once a second, and /health answers with the latest result:
a load balancer or the AppHost polling /health costs no dependency round trip per call."""
import asyncio
import json
import logging
import time
from datetime import datetime, timezone

from tradingaspire_common.contracts import STRATEGY_HEARTBEAT_KEY, STRATEGY_HEARTBEAT_LIFETIME_SECONDS

CHECK_TIMEOUT_SECONDS = 2.0
log = logging.getLogger("trading_api.health")


async def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        healthy, error = await asyncio.wait_for(check(), CHECK_TIMEOUT_SECONDS)
    except asyncio.TimeoutError:
        healthy, error = False, f"no answer within {CHECK_TIMEOUT_SECONDS:g} s"
    except Exception as exception:  # noqa: BLE001 - a failing check is a result, not a crash
        healthy, error = False, f"{type(exception).__name__}: {exception}"
    result = {"status": "healthy" if healthy else "unhealthy", "latency_ms": round((time.perf_counter() - started) * 1000, 1)}
    if error:
        result["error"] = error
    return result


async def health_report(pool, redis, gateway) -> tuple[int, dict]:
    async def postgres():
        return await pool.fetchval("SELECT 1") == 1, None

    async def cache():
        return bool(await redis.ping()), None

    async def strategy():
        raw = await redis.get(STRATEGY_HEARTBEAT_KEY)
        if not raw:
            return False, "no heartbeat in Redis (is the strategy running?)"
        beat = json.loads(raw)
        age = (datetime.now(timezone.utc) - datetime.fromisoformat(beat["timestamp"])).total_seconds()
        recent = age <= STRATEGY_HEARTBEAT_LIFETIME_SECONDS
        return recent, None if recent else f"last heartbeat {age:.0f} s ago"

    checks = {"postgres": await _timed(postgres), "redis": await _timed(cache), "gateway": await _timed(gateway.alive), "strategy": await _timed(strategy)}
    critical_down = any(checks[name]["status"] != "healthy" for name in ("postgres", "redis"))
    any_down = any(check["status"] != "healthy" for check in checks.values())
    status = "unhealthy" if critical_down else "degraded" if any_down else "healthy"
    return (503 if critical_down else 200), {"status": status, "checks": checks, "checked_at": datetime.now(timezone.utc).isoformat()}


class HealthMonitor:
    """Runs `report()` (an async function returning (HTTP status, body)) in a background task every `interval`
    seconds and keeps the latest result. `latest()` waits only for the very first result."""

    def __init__(self, report, interval: float = 1.0):
        self.report = report
        self.interval = interval
        self._latest: tuple[int, dict] | None = None
        self._first = asyncio.Event()
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="health-monitor")

    async def _run(self) -> None:
        while True:
            started = time.monotonic()
            try:
                self._latest = await self.report()
            except Exception as error:  # noqa: BLE001 - keep monitoring; report the failure as the result
                log.exception("health check failed")
                self._latest = (503, {"status": "unhealthy", "checks": {}, "error": f"{type(error).__name__}: {error}"})
            self._first.set()
            await asyncio.sleep(max(0.0, self.interval - (time.monotonic() - started)))

    async def latest(self) -> tuple[int, dict]:
        """The most recent (HTTP status, body); before the first check has finished, waits for it."""
        if self._latest is None:
            await self._first.wait()
        return self._latest

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
