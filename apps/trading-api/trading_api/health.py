"""GET /health: each dependency's status; 503 only when PostgreSQL or Redis (needed for every request) are down."""
import json
import time
from datetime import datetime, timezone

HEARTBEAT_KEY = "strategy:heartbeat"
HEARTBEAT_MAX_AGE_SECONDS = 15


async def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        healthy, error = await check()
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
        raw = await redis.get(HEARTBEAT_KEY)
        if not raw:
            return False, "no heartbeat in Redis (is the strategy running?)"
        beat = json.loads(raw)
        age = (datetime.now(timezone.utc) - datetime.fromisoformat(beat["timestamp"])).total_seconds()
        return age <= HEARTBEAT_MAX_AGE_SECONDS, None if age <= HEARTBEAT_MAX_AGE_SECONDS else f"last heartbeat {age:.0f} s ago"

    checks = {"postgres": await _timed(postgres), "redis": await _timed(cache), "gateway": await _timed(gateway.alive), "strategy": await _timed(strategy)}
    critical_down = any(checks[name]["status"] != "healthy" for name in ("postgres", "redis"))
    any_down = any(check["status"] != "healthy" for check in checks.values())
    status = "unhealthy" if critical_down else "degraded" if any_down else "healthy"
    return (503 if critical_down else 200), {"status": status, "checks": checks}
