"""GET /health (dependencies, from the background monitor's latest result) and GET /alive (the process only)."""
from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from .dependencies import health_monitor
from .health import HealthMonitor

router = APIRouter(tags=["health"])
HEALTH_EXAMPLE = {"status": "degraded", "checked_at": "2026-11-29T11:40:00.5+00:00", "checks": {
    "postgres": {"status": "healthy", "latency_ms": 0.6}, "redis": {"status": "healthy", "latency_ms": 0.3},
    "gateway": {"status": "unhealthy", "latency_ms": 1.2, "error": "gateway did not answer GET http://127.0.0.1:3000/alive within 1 s (ReadTimeout)"},
    "strategy": {"status": "healthy", "latency_ms": 0.3}}}


@router.get("/health", summary="Dependencies' health (refreshed every second in the background)",
            responses={200: {"description": "healthy, or degraded (gateway or strategy down: orders may fail, reads work)",
                             "content": {"application/json": {"example": HEALTH_EXAMPLE}}},
                       503: {"description": "unhealthy: PostgreSQL or Redis is down"}})
async def health(monitor: HealthMonitor = Depends(health_monitor)):
    status, body = await monitor.latest()
    return JSONResponse(status_code=status, content=body)


@router.get("/alive", summary="Liveness: the process answers; touches no dependency",
            responses={200: {"content": {"application/json": {"example": {"status": "alive"}}}}})
async def alive():
    return {"status": "alive"}
