"""The exporter against a real local HTTP receiver; bodies decoded with the classes protoc generated from the vendored
third_party/opentelemetry-proto."""
import logging
import socket
import time

import pytest

from tradingaspire_common.logs import OtlpLogHandler
from tradingaspire_common.meter import Meter
from tradingaspire_common.otlp import OtlpExporter
from tradingaspire_common.otlp_proto.opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
from tradingaspire_common.otlp_proto.opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest
from tradingaspire_common.otlp_proto.opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from tradingaspire_common.otlp_settings import OtlpSettings
from tradingaspire_common.telemetry import setup_telemetry
from tradingaspire_common.tracing import SPAN_KIND_CLIENT, SPAN_KIND_SERVER, Tracer, format_traceparent

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = "00f067aa0ba902b7"
ENV = {"OTEL_EXPORTER_OTLP_HEADERS": "x-otlp-api-key=secret-key", "OTEL_SERVICE_NAME": "trading-api",
       "OTEL_RESOURCE_ATTRIBUTES": "service.instance.id=trading-api-abc"}


def exporter_for(url: str, meter=None, **env) -> OtlpExporter:
    return OtlpExporter(OtlpSettings.from_environment("fallback", {**ENV, "OTEL_EXPORTER_OTLP_ENDPOINT": url, **env}), meter)


def attributes(key_values) -> dict:
    return {kv.key: getattr(kv.value, kv.value.WhichOneof("value")) for kv in key_values}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_spans_are_posted_as_protobuf_with_the_api_key_resource_and_parent_child_ids(receiver):
    exporter = exporter_for(receiver.url)
    tracer = Tracer(exporter.export_span)
    with tracer.start_span("POST /api/trades", SPAN_KIND_SERVER, traceparent=format_traceparent(TRACE, PARENT), **{"http.response.status_code": 201}) as server:
        with tracer.start_span("POST /api/orders", SPAN_KIND_CLIENT) as client:
            client.add_event("retry", attempt=2)
    exporter.flush()
    (headers, body), = receiver.posts("/v1/traces")
    assert headers["content-type"] == "application/x-protobuf" and headers["x-otlp-api-key"] == "secret-key"
    request = ExportTraceServiceRequest.FromString(body)
    resource_spans = request.resource_spans[0]
    resource = attributes(resource_spans.resource.attributes)
    assert resource["service.name"] == "trading-api" and resource["service.instance.id"] == "trading-api-abc"
    assert resource["telemetry.sdk.language"] == "python"
    spans = {s.name: s for s in resource_spans.scope_spans[0].spans}
    server_pb, client_pb = spans["POST /api/trades"], spans["POST /api/orders"]
    assert server_pb.trace_id.hex() == TRACE and client_pb.trace_id.hex() == TRACE
    assert server_pb.parent_span_id.hex() == PARENT and server_pb.span_id.hex() == server.span_id
    assert client_pb.parent_span_id == server_pb.span_id and client_pb.span_id.hex() == client.span_id
    assert server_pb.kind == SPAN_KIND_SERVER and client_pb.kind == SPAN_KIND_CLIENT
    assert attributes(server_pb.attributes) == {"http.response.status_code": 201}
    assert client_pb.events[0].name == "retry" and attributes(client_pb.events[0].attributes) == {"attempt": 2}
    assert 0 < server_pb.start_time_unix_nano <= client_pb.start_time_unix_nano <= client_pb.end_time_unix_nano <= server_pb.end_time_unix_nano
    assert exporter.sent["traces"] == 2 and exporter.dropped_total == 0


def test_log_records_carry_severity_attributes_scope_and_the_current_trace(receiver):
    exporter = exporter_for(receiver.url)
    logger = logging.getLogger("trading_api.trades.test")
    handler = OtlpLogHandler(exporter)
    logger.addHandler(handler)
    try:
        with Tracer().start_span("op", traceparent=format_traceparent(TRACE, PARENT)) as span:
            logger.warning("trade %s rejected", "t1", extra={"trade_id": "t1", "quantity": 2})
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    exporter.flush()
    (headers, body), = receiver.posts("/v1/logs")
    assert headers["content-type"] == "application/x-protobuf" and headers["x-otlp-api-key"] == "secret-key"
    scope_logs = ExportLogsServiceRequest.FromString(body).resource_logs[0].scope_logs
    assert [s.scope.name for s in scope_logs] == ["trading_api.trades.test"]
    warning, error = scope_logs[0].log_records
    assert warning.body.string_value == "trade t1 rejected" and warning.severity_number == 13 and warning.severity_text == "WARNING"
    assert warning.trace_id.hex() == TRACE and warning.span_id.hex() == span.span_id
    found = attributes(warning.attributes)
    assert found["trade_id"] == "t1" and found["quantity"] == 2 and found["code.function"] == "test_log_records_carry_severity_attributes_scope_and_the_current_trace"
    assert error.severity_number == 17 and error.trace_id == b""
    assert attributes(error.attributes)["exception.type"] == "ValueError" and "boom" in attributes(error.attributes)["exception.stacktrace"]


def test_metrics_are_cumulative_points_per_attribute_set(receiver):
    meter = Meter("trading-api")
    exporter = exporter_for(receiver.url, meter)
    duration = meter.histogram("http.server.request.duration", "s", "Duration of HTTP server requests.")
    requests = meter.counter("http.server.request.count", "{request}")
    heartbeat = meter.gauge("strategy.last_heartbeat", "s")
    route = {"http.request.method": "POST", "http.route": "/api/trades", "http.response.status_code": 201}
    for seconds in (0.004, 0.02, 0.02, 3.0):
        duration.record(seconds, route)
        requests.add(1, route)
    requests.add(1, {**route, "http.response.status_code": 422})
    heartbeat.set(1700000000.5)
    exporter.export_metrics()
    requests.add(1, route)
    exporter.export_metrics()
    first, second = (ExportMetricsServiceRequest.FromString(body) for _, body in receiver.posts("/v1/metrics"))
    metrics = {m.name: m for m in first.resource_metrics[0].scope_metrics[0].metrics}
    assert first.resource_metrics[0].scope_metrics[0].scope.name == "trading-api"
    histogram = metrics["http.server.request.duration"]
    assert histogram.unit == "s" and histogram.histogram.aggregation_temporality == 2
    point = histogram.histogram.data_points[0]
    assert attributes(point.attributes) == route
    assert (point.count, round(point.sum, 3), point.min, point.max) == (4, 3.044, 0.004, 3.0)
    assert list(point.explicit_bounds)[:3] == [0.005, 0.01, 0.025]
    assert point.bucket_counts[0] == 1 and point.bucket_counts[2] == 2 and point.bucket_counts[11] == 1 and sum(point.bucket_counts) == 4
    counter = metrics["http.server.request.count"].sum
    assert counter.is_monotonic and counter.aggregation_temporality == 2
    assert {attributes(p.attributes)["http.response.status_code"]: p.as_int for p in counter.data_points} == {201: 4, 422: 1}
    assert metrics["strategy.last_heartbeat"].gauge.data_points[0].as_double == 1700000000.5
    later = {m.name: m for m in second.resource_metrics[0].scope_metrics[0].metrics}["http.server.request.count"].sum
    assert {attributes(p.attributes)["http.response.status_code"]: p.as_int for p in later.data_points} == {201: 5, 422: 1}
    assert later.data_points[0].start_time_unix_nano == counter.data_points[0].start_time_unix_nano


def test_the_background_thread_sends_batches_and_metrics_without_flush(receiver):
    meter = Meter("m")
    exporter = exporter_for(receiver.url, meter, OTEL_BSP_SCHEDULE_DELAY="50", OTEL_BLRP_SCHEDULE_DELAY="50", OTEL_METRIC_EXPORT_INTERVAL="100")
    exporter.start()
    try:
        meter.counter("c").add(3)
        with Tracer(exporter.export_span).start_span("background"):
            pass
        span = ExportTraceServiceRequest.FromString(receiver.wait_for("/v1/traces")[0][1]).resource_spans[0].scope_spans[0].spans[0]
        assert span.name == "background"
        metric = ExportMetricsServiceRequest.FromString(receiver.wait_for("/v1/metrics")[0][1]).resource_metrics[0].scope_metrics[0].metrics[0]
        assert metric.name == "c" and metric.sum.data_points[0].as_int == 3
    finally:
        exporter.shutdown()


def test_a_full_queue_drops_and_counts_without_blocking(receiver):
    exporter = exporter_for(receiver.url, OTEL_BSP_MAX_QUEUE_SIZE="3")
    tracer = Tracer(exporter.export_span)
    started = time.perf_counter()
    for i in range(5):
        with tracer.start_span(f"s{i}"):
            pass
    assert time.perf_counter() - started < 0.5
    assert exporter.dropped["traces"] == 2
    exporter.flush()
    spans = ExportTraceServiceRequest.FromString(receiver.posts("/v1/traces")[0][1]).resource_spans[0].scope_spans[0].spans
    assert [s.name for s in spans] == ["s0", "s1", "s2"]


def test_a_dashboard_that_is_down_costs_dropped_items_and_one_rate_limited_warning(caplog):
    exporter = exporter_for(f"http://127.0.0.1:{free_port()}")
    tracer = Tracer(exporter.export_span)
    with caplog.at_level(logging.WARNING, logger="tradingaspire.otlp"):
        for _ in range(2):
            with tracer.start_span("lost"):
                pass
            exporter.flush()
    assert exporter.dropped["traces"] == 2 and exporter.failures == 2 and exporter.sent["traces"] == 0
    warnings = [r for r in caplog.records if r.name == "tradingaspire.otlp"]
    assert len(warnings) == 1 and "could not send OTLP traces" in warnings[0].getMessage()


def test_an_error_status_from_the_receiver_counts_as_a_failed_send(receiver):
    receiver.status = 500
    exporter = exporter_for(receiver.url)
    exporter.export_log({"time_ns": 1, "severity_number": 9, "severity_text": "INFO", "body": "m"})
    exporter.flush()
    assert len(receiver.posts("/v1/logs")) == 1 and exporter.failures == 1 and exporter.dropped["logs"] == 1


def test_without_an_endpoint_telemetry_is_off_and_the_app_still_traces(capsys):
    telemetry = setup_telemetry("svc", {})
    telemetry.start()
    with telemetry.tracer.start_span("op") as span:
        logging.getLogger("svc").info("hello")
    telemetry.shutdown()
    assert not telemetry.exporter.enabled and telemetry.exporter._thread is None
    assert span.trace_id in capsys.readouterr().out


def test_setup_telemetry_exports_logs_with_the_exporters_own_warnings_kept_local(receiver):
    telemetry = setup_telemetry("strategy", {**ENV, "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url})
    try:
        with telemetry.tracer.start_span("signal") as span:
            logging.getLogger("strategy").info("signal", extra={"symbol": "BTCUSDT"})
        logging.getLogger("tradingaspire.otlp").warning("not exported")
        telemetry.exporter.flush()
        records = [r for s in ExportLogsServiceRequest.FromString(receiver.posts("/v1/logs")[0][1]).resource_logs[0].scope_logs for r in s.log_records]
        assert [r.body.string_value for r in records] == ["signal"] and records[0].span_id.hex() == span.span_id
        spans = ExportTraceServiceRequest.FromString(receiver.posts("/v1/traces")[0][1]).resource_spans[0].scope_spans[0].spans
        assert spans[0].name == "signal"
    finally:
        telemetry.shutdown()
        logging.getLogger().handlers.clear()
