"""GET /metrics: the request metrics in Prometheus's text format (telemetry.py), open like /health."""
from fastapi import APIRouter
from starlette.responses import Response

from .telemetry import metrics_response

router = APIRouter(tags=["metrics"])


@router.get("/metrics", summary="Prometheus metrics: http_requests_total, http_request_duration_seconds",
            response_class=Response, responses={200: {"content": {"text/plain": {}}}})
async def metrics() -> Response:
    return metrics_response()
