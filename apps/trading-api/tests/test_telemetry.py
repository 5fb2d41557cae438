from fastapi import FastAPI
from starlette.testclient import TestClient

from trading_api.telemetry import REGISTRY, TelemetryMiddleware
from tradingaspire_common.meter import Meter
from tradingaspire_common.otlp import OtlpExporter
from tradingaspire_common.otlp_proto.opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest
from tradingaspire_common.otlp_proto.opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from tradingaspire_common.otlp_settings import OtlpSettings
from tradingaspire_common.testing.otlp_receiver import OtlpReceiver
from tradingaspire_common.tracing import Tracer, format_traceparent

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


def make_client(tracer=None, meter=None):
    finished = []
    app = FastAPI()
    app.add_middleware(TelemetryMiddleware, tracer=tracer or Tracer(finished.append), meter=meter)

    @app.get("/api/things/{thing_id}")
    async def thing(thing_id: str):
        return {"id": thing_id}

    @app.post("/api/things")
    async def create():
        return {"id": "new"}

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
    assert span.name == "GET /api/things/{thing_id}" and span.attributes["http.response.status_code"] == 200
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


def test_a_read_without_a_traceparent_is_counted_but_not_traced_and_a_write_without_one_is_a_new_trace():
    client, finished = make_client()
    read = client.get("/api/things/3")
    write = client.post("/api/things")
    assert [span.name for span in finished] == ["POST /api/things"]
    assert finished[0].parent_span_id is None and write.headers["traceparent"] == finished[0].traceparent()
    # The read's span exists (its id is in the answer, for logs and callers) but is marked not sampled.
    assert read.status_code == 200 and read.headers["traceparent"].endswith("-00")
    assert REGISTRY.get_sample_value("http_requests_total", {"method": "GET", "route": "/api/things/{thing_id}", "status": "200"}) >= 1


def _attributes(key_values) -> dict:
    return {kv.key: getattr(kv.value, kv.value.WhichOneof("value")) for kv in key_values}


def test_the_request_span_and_metrics_reach_an_otlp_receiver_as_protobuf():
    receiver = OtlpReceiver()
    try:
        meter = Meter("trading-api")
        exporter = OtlpExporter(OtlpSettings.from_environment("trading-api", {
            "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url, "OTEL_EXPORTER_OTLP_HEADERS": "x-otlp-api-key=k1"}), meter)
        client, _ = make_client(Tracer(exporter.export_span), meter)
        response = client.get("/api/things/7", headers={"traceparent": format_traceparent(TRACE, "00f067aa0ba902b7")})
        client.get("/api/things/8")  # a read without a traceparent: measured, not traced
        client.post("/api/things")   # a write without one: a new trace
        client.get("/nowhere")
        exporter.flush()
        exporter.export_metrics()
        (headers, body), = receiver.posts("/v1/traces")
        assert headers["x-otlp-api-key"] == "k1" and headers["content-type"] == "application/x-protobuf"
        spans = ExportTraceServiceRequest.FromString(body).resource_spans[0].scope_spans[0].spans
        first = spans[0]
        assert first.trace_id.hex() == TRACE and first.parent_span_id.hex() == "00f067aa0ba902b7" and first.kind == 2
        assert response.headers["traceparent"] == f"00-{TRACE}-{first.span_id.hex()}-01"
        assert _attributes(first.attributes)["http.route"] == "/api/things/{thing_id}"
        assert len(spans) == 2 and spans[1].name == "POST /api/things"
        assert spans[1].trace_id.hex() != TRACE and spans[1].parent_span_id == b""
        (_, body), = receiver.posts("/v1/metrics")
        metrics = {m.name: m for m in ExportMetricsServiceRequest.FromString(body).resource_metrics[0].scope_metrics[0].metrics}
        points = {(a.get("http.route"), a["http.response.status_code"]): p
                  for p in metrics["http.server.request.duration"].histogram.data_points for a in [_attributes(p.attributes)]}
        assert points[("/api/things/{thing_id}", 200)].count == 2 and points[(None, 404)].count == 1
        counts = {_attributes(p.attributes).get("http.route"): p.as_int for p in metrics["http.server.request.count"].sum.data_points}
        assert counts == {"/api/things/{thing_id}": 2, "/api/things": 1, None: 1}
    finally:
        receiver.close()
