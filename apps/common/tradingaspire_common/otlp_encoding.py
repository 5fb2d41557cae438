"""Builds OTLP Export*ServiceRequest messages with the classes protoc generates from
third_party/opentelemetry-proto (tradingaspire_common.otlp_proto, made by eng/generate-otlp-python.sh).

Inputs: finished tracing.Span objects; log dicts as logs.OtlpLogHandler makes them (time_ns, severity_number,
severity_text, body, attributes, trace_id, span_id, scope - ids as hex strings); meter.Meter instruments.
"""
import importlib
import time

from .instrument import COUNTER, GAUGE

_PREFIX = "tradingaspire_common.otlp_proto.opentelemetry.proto."
_MODULES = {"common": "common.v1.common_pb2", "resource": "resource.v1.resource_pb2", "trace": "trace.v1.trace_pb2",
            "logs": "logs.v1.logs_pb2", "metrics": "metrics.v1.metrics_pb2",
            "trace_service": "collector.trace.v1.trace_service_pb2", "logs_service": "collector.logs.v1.logs_service_pb2",
            "metrics_service": "collector.metrics.v1.metrics_service_pb2"}
_loaded: dict = {}
SCOPE = "tradingaspire"
CUMULATIVE = 2  # AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE


class ProtoModulesMissing(ImportError):
    """The generated OTLP modules are absent: run eng/generate-otlp-python.sh (eng/install-prerequisites.sh does)."""


def pb(name: str):
    """A generated module by short name (common, resource, trace, logs, metrics, trace_service, logs_service,
    metrics_service). Raises ProtoModulesMissing with the fix when they were not generated."""
    module = _loaded.get(name)
    if module is None:
        try:
            module = _loaded[name] = importlib.import_module(_PREFIX + _MODULES[name])
        except ImportError as error:
            raise ProtoModulesMissing(
                f"OTLP protobuf modules are missing ({error}). Generate them: eng/generate-otlp-python.sh "
                f"(needs Debian's protobuf-compiler and python3-protobuf: apt-get install -y protobuf-compiler python3-protobuf)") from error
    return module


def any_value(value):
    common = pb("common")
    if isinstance(value, bool):
        return common.AnyValue(bool_value=value)
    if isinstance(value, int):
        return common.AnyValue(int_value=value) if -2 ** 63 <= value < 2 ** 63 else common.AnyValue(string_value=str(value))
    if isinstance(value, float):
        return common.AnyValue(double_value=value)
    if isinstance(value, bytes):
        return common.AnyValue(bytes_value=value)
    if isinstance(value, (list, tuple)):
        return common.AnyValue(array_value=common.ArrayValue(values=[any_value(v) for v in value]))
    return common.AnyValue(string_value=str(value))


def key_values(attributes: dict) -> list:
    common = pb("common")
    return [common.KeyValue(key=str(key), value=any_value(value)) for key, value in attributes.items() if value is not None]


def resource(service_name: str, attributes: dict):
    """service.name, telemetry.sdk.* and OTEL_RESOURCE_ATTRIBUTES (service.instance.id from Aspire)."""
    merged = {"telemetry.sdk.language": "python", "telemetry.sdk.name": "tradingaspire", **attributes, "service.name": service_name}
    return pb("resource").Resource(attributes=key_values(merged))


def _id(hex_id: str | None, length: int) -> bytes:
    if not hex_id:
        return b""
    raw = bytes.fromhex(hex_id)
    return raw if len(raw) == length else b""


def traces_request(resource_message, spans: list):
    trace = pb("trace")
    encoded = []
    for span in spans:
        message = trace.Span(trace_id=_id(span.trace_id, 16), span_id=_id(span.span_id, 8),
                             parent_span_id=_id(span.parent_span_id, 8), name=span.name, kind=span.kind,
                             start_time_unix_nano=span.start_ns, end_time_unix_nano=span.end_ns or span.start_ns,
                             attributes=key_values(span.attributes),
                             status=trace.Status(code=span.status_code, message=span.status_message))
        for event in span.events:
            message.events.add(time_unix_nano=event["time_ns"], name=event["name"], attributes=key_values(event["attributes"]))
        encoded.append(message)
    scope = pb("common").InstrumentationScope(name=SCOPE)
    return pb("trace_service").ExportTraceServiceRequest(resource_spans=[
        trace.ResourceSpans(resource=resource_message, scope_spans=[trace.ScopeSpans(scope=scope, spans=encoded)])])


def logs_request(resource_message, records: list):
    """Log records grouped by scope (the Python logger name: the dashboard's category)."""
    logs = pb("logs")
    scopes: dict[str, list] = {}
    for record in records:
        scopes.setdefault(record.get("scope") or SCOPE, []).append(logs.LogRecord(
            time_unix_nano=record["time_ns"], observed_time_unix_nano=record.get("observed_ns", record["time_ns"]),
            severity_number=record["severity_number"], severity_text=record["severity_text"],
            body=any_value(record["body"]), attributes=key_values(record.get("attributes", {})),
            trace_id=_id(record.get("trace_id"), 16), span_id=_id(record.get("span_id"), 8),
            flags=1 if record.get("trace_id") else 0))
    common = pb("common")
    return pb("logs_service").ExportLogsServiceRequest(resource_logs=[logs.ResourceLogs(resource=resource_message, scope_logs=[
        logs.ScopeLogs(scope=common.InstrumentationScope(name=name), log_records=items) for name, items in scopes.items()])])


def _number_point(metrics, instrument, attributes, point, now):
    value = point["value"]
    fields = {"as_int": value} if isinstance(value, int) and not isinstance(value, bool) else {"as_double": float(value)}
    return metrics.NumberDataPoint(attributes=key_values(attributes), start_time_unix_nano=instrument.start_ns, time_unix_nano=now, **fields)


def metrics_request(resource_message, meter, now_ns: int | None = None):
    """Every instrument of `meter` with at least one point, cumulative temporality; None when there is nothing."""
    metrics = pb("metrics")
    now = now_ns or time.time_ns()
    encoded = []
    for instrument in meter.instruments():
        points = instrument.points()
        if not points:
            continue
        metric = metrics.Metric(name=instrument.name, unit=instrument.unit, description=instrument.description)
        if instrument.kind == COUNTER:
            metric.sum.CopyFrom(metrics.Sum(aggregation_temporality=CUMULATIVE, is_monotonic=True, data_points=[
                _number_point(metrics, instrument, a, p, now) for a, p in points]))
        elif instrument.kind == GAUGE:
            metric.gauge.CopyFrom(metrics.Gauge(data_points=[_number_point(metrics, instrument, a, p, now) for a, p in points]))
        else:
            metric.histogram.CopyFrom(metrics.Histogram(aggregation_temporality=CUMULATIVE, data_points=[
                metrics.HistogramDataPoint(attributes=key_values(a), start_time_unix_nano=instrument.start_ns, time_unix_nano=now,
                                           count=p["count"], sum=p["sum"], min=p["min"], max=p["max"],
                                           bucket_counts=p["buckets"], explicit_bounds=instrument.boundaries)
                for a, p in points]))
        encoded.append(metric)
    if not encoded:
        return None
    scope = pb("common").InstrumentationScope(name=meter.name)
    return pb("metrics_service").ExportMetricsServiceRequest(resource_metrics=[
        metrics.ResourceMetrics(resource=resource_message, scope_metrics=[metrics.ScopeMetrics(scope=scope, metrics=encoded)])])
