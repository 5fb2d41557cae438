"""Request spans, Prometheus metrics and trace headers for every request, as a plain ASGI middleware (Starlette's
BaseHTTPMiddleware costs a task and a memory stream per request, which showed on the trade path's throughput)."""
import time

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.responses import Response

from tradingaspire_common.tracing import SPAN_KIND_SERVER

REGISTRY = CollectorRegistry()
REQUESTS = Counter("http_requests_total", "HTTP requests", ["method", "route", "status"], registry=REGISTRY)
LATENCY = Histogram("http_request_duration_seconds", "HTTP request latency", ["method", "route", "status"], registry=REGISTRY,
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
UNTRACED = ("/health", "/alive", "/metrics")


def metrics_response() -> Response:
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


class TelemetryMiddleware:
    def __init__(self, app, tracer):
        self.app = app
        self.tracer = tracer

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
        headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope.get("headers", [])}
        with self.tracer.start_span(f"{method} {path}", SPAN_KIND_SERVER, traceparent=headers.get("traceparent"),
                                    **{"http.method": method, "http.target": path}) as span:
            await self.app(scope, receive, self._recording(send, status, span))
            route = getattr(scope.get("route"), "path", None)
            if route:
                span.name = f"{method} {route}"
                span.set_attribute("http.route", route)
            span.set_attribute("http.status_code", status["code"])
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

    @staticmethod
    def _observe(scope, method, code, started):
        route = getattr(scope.get("route"), "path", "unmatched")
        labels = (method, route, str(code))
        REQUESTS.labels(*labels).inc()
        LATENCY.labels(*labels).observe(time.perf_counter() - started)
