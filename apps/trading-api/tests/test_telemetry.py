from fastapi import FastAPI
from starlette.testclient import TestClient

from trading_api.telemetry import REGISTRY, TelemetryMiddleware
from tradingaspire_common.tracing import Tracer, format_traceparent

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


def make_client():
    finished = []
    app = FastAPI()
    app.add_middleware(TelemetryMiddleware, tracer=Tracer(finished.append))

    @app.get("/api/things/{thing_id}")
    async def thing(thing_id: str):
        return {"id": thing_id}

    @app.get("/health")
    async def health():
        return {"status": "healthy"}

    return TestClient(app), finished


def test_a_request_continues_the_incoming_trace_and_returns_its_traceparent():
    client, finished = make_client()
    response = client.get("/api/things/7", headers={"traceparent": format_traceparent(TRACE, "00f067aa0ba902b7")})
    assert response.status_code == 200
    span = finished[0]
    assert span.trace_id == TRACE and span.parent_span_id == "00f067aa0ba902b7"
    assert span.name == "GET /api/things/{thing_id}" and span.attributes["http.status_code"] == 200
    assert response.headers["traceparent"] == span.traceparent()


def test_metrics_are_labelled_by_route_template_and_status():
    client, _ = make_client()
    client.get("/api/things/1")
    client.get("/api/things/2")
    value = REGISTRY.get_sample_value("http_requests_total", {"method": "GET", "route": "/api/things/{thing_id}", "status": "200"})
    assert value is not None and value >= 2


def test_health_checks_are_counted_but_not_traced():
    client, finished = make_client()
    client.get("/health")
    assert finished == []
    assert REGISTRY.get_sample_value("http_requests_total", {"method": "GET", "route": "/health", "status": "200"}) >= 1
