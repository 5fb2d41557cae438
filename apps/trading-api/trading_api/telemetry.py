"""Request spans, Prometheus metrics and JSON logs for every request."""
import time

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import Response

from tradingaspire_common.tracing import SPAN_KIND_SERVER

REGISTRY = CollectorRegistry()
REQUESTS = Counter("http_requests_total", "HTTP requests", ["method", "route", "status"], registry=REGISTRY)
LATENCY = Histogram("http_request_duration_seconds", "HTTP request latency", ["method", "route", "status"], registry=REGISTRY,
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
UNTRACED = ("/health", "/alive", "/metrics")


def metrics_response() -> Response:
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


class TelemetryMiddleware(BaseHTTPMiddleware):
    def __init__(self, app, tracer):
        super().__init__(app)
        self.tracer = tracer

    async def dispatch(self, request, call_next):
        started = time.perf_counter()
        if request.url.path in UNTRACED:
            response = await call_next(request)
        else:
            with self.tracer.start_span(f"{request.method} {request.url.path}", SPAN_KIND_SERVER, traceparent=request.headers.get("traceparent"),
                                        **{"http.method": request.method, "http.target": request.url.path}) as span:
                response = await call_next(request)
                route = getattr(request.scope.get("route"), "path", None)
                if route:
                    span.name = f"{request.method} {route}"
                    span.set_attribute("http.route", route)
                span.set_attribute("http.status_code", response.status_code)
                if response.status_code >= 500:
                    span.set_error(f"HTTP {response.status_code}")
                response.headers["traceparent"] = span.traceparent()
        route = getattr(request.scope.get("route"), "path", "unmatched")
        labels = (request.method, route, str(response.status_code))
        REQUESTS.labels(*labels).inc()
        LATENCY.labels(*labels).observe(time.perf_counter() - started)
        return response
