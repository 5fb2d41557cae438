"""Per request: a SERVER span (continuing an incoming W3C traceparent, returning ours in the response), Prometheus
metrics for /metrics, and OTLP metrics for the Aspire dashboard - as a plain ASGI middleware (Starlette's
BaseHTTPMiddleware costs a task and a memory stream per request, which showed on the trade path's throughput).

OTLP metrics (cumulative, exported every OTEL_METRIC_EXPORT_INTERVAL): `http.server.request.duration` (histogram,
seconds) and `http.server.request.count` (counter), attributes http.request.method, http.route (route template; absent
when no route matched) and http.response.status_code. Prometheus (GET /metrics): http_requests_total and
http_request_duration_seconds labelled method, route ("unmatched" when no route matched), status.
/health, /alive and /metrics are measured but not traced. A read (GET, HEAD, OPTIONS) that carries no traceparent —
the UI's polling, a script's GET — is measured and its span is created unsampled (its id still goes to the logs and the
response's traceparent) but not exported: no root trace per poll (DESIGN §7 "Hygiene"). Reads that continue a caller's
trace, and every write (POST /api/trades, with or without a traceparent), are traced.
"""
import time

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.responses import Response

from tradingaspire_common.tracing import SPAN_KIND_SERVER, parse_traceparent

REGISTRY = CollectorRegistry()
REQUESTS = Counter("http_requests_total", "HTTP requests", ["method", "route", "status"], registry=REGISTRY)
LATENCY = Histogram("http_request_duration_seconds", "HTTP request latency", ["method", "route", "status"], registry=REGISTRY,
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
UNTRACED = ("/health", "/alive", "/metrics")
READS = ("GET", "HEAD", "OPTIONS")


def metrics_response() -> Response:
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


class TelemetryMiddleware:
    """`tracer`: tradingaspire_common.tracing.Tracer; `meter`: tradingaspire_common.meter.Meter or None (no OTLP metrics)."""

    def __init__(self, app, tracer, meter=None):
        self.app = app
        self.tracer = tracer
        self.duration = meter.histogram("http.server.request.duration", "s", "Duration of HTTP server requests.") if meter else None
        self.count = meter.counter("http.server.request.count", "{request}", "HTTP server requests.") if meter else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        method, path = scope["method"], scope["path"]
        status = {"code": 500}
        if path in UNTRACED:
            await self.app(scope, receive, self._recording(send, status, None))
            self._observe(scope, method, status["code"], started)
            return
        traceparent = next((value.decode("latin-1") for key, value in scope.get("headers", []) if key == b"traceparent"), None)
        record = method not in READS or parse_traceparent(traceparent) is not None
        with self.tracer.start_span(f"{method} {path}", SPAN_KIND_SERVER, traceparent=traceparent, record=record,
                                    **{"http.request.method": method, "url.path": path, "url.scheme": scope.get("scheme", "http")}) as span:
            await self.app(scope, receive, self._recording(send, status, span))
            route = getattr(scope.get("route"), "path", None)
            if route:
                span.name = f"{method} {route}"
                span.set_attribute("http.route", route)
            span.set_attribute("http.response.status_code", status["code"])
            if status["code"] >= 500:
                span.set_error(f"HTTP {status['code']}")
        self._observe(scope, method, status["code"], started)

    @staticmethod
    def _recording(send, status, span):
        async def wrapped(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                if span is not None:
                    message.setdefault("headers", [])
                    message["headers"] = list(message["headers"]) + [(b"traceparent", span.traceparent().encode("latin-1"))]
            await send(message)
        return wrapped

    def _observe(self, scope, method, code, started):
        elapsed = time.perf_counter() - started
        route = getattr(scope.get("route"), "path", None)
        labels = (method, route or "unmatched", str(code))
        REQUESTS.labels(*labels).inc()
        LATENCY.labels(*labels).observe(elapsed)
        if self.duration is not None:
            attributes = {"http.request.method": method, "http.response.status_code": code}
            if route:
                attributes["http.route"] = route
            self.duration.record(elapsed, attributes)
            self.count.add(1, attributes)
