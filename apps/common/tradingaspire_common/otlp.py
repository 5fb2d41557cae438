"""OTLP/HTTP JSON export of spans and logs to the dashboard (OTEL_EXPORTER_OTLP_ENDPOINT).

A background thread sends batches every OTEL_BSP_SCHEDULE_DELAY ms. The queue is bounded: when the endpoint is slow
or down the oldest items are dropped (and counted), so telemetry never blocks or crashes the service.
"""
import collections
import json
import os
import threading
import urllib.request

from .tracing import Span

_SEVERITY = {"DEBUG": 5, "INFO": 9, "WARNING": 13, "ERROR": 17, "CRITICAL": 21}


def parse_headers(value: str | None) -> dict:
    """OTEL_EXPORTER_OTLP_HEADERS: comma-separated key=value pairs (values may contain '=')."""
    headers = {}
    for pair in (value or "").split(","):
        if "=" in pair:
            key, _, item = pair.partition("=")
            if key.strip():
                headers[key.strip()] = item.strip()
    return headers


def parse_resource_attributes(value: str | None) -> dict:
    return parse_headers(value)


def any_value(value) -> dict:
    """An OTLP AnyValue in the JSON mapping (64-bit integers are strings)."""
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int):
        return {"intValue": str(value)}
    if isinstance(value, float):
        return {"doubleValue": value}
    return {"stringValue": str(value)}


def key_values(attributes: dict) -> list:
    return [{"key": key, "value": any_value(value)} for key, value in attributes.items()]


def encode_span(span: Span) -> dict:
    encoded = {
        "traceId": span.trace_id,
        "spanId": span.span_id,
        "name": span.name,
        "kind": span.kind,
        "startTimeUnixNano": str(span.start_ns),
        "endTimeUnixNano": str(span.end_ns or span.start_ns),
        "attributes": key_values(span.attributes),
        "events": [{"name": e["name"], "timeUnixNano": str(e["time_ns"]), "attributes": key_values(e["attributes"])} for e in span.events],
        "status": {"code": span.status_code, "message": span.status_message} if span.status_code else {"code": 0},
    }
    if span.parent_span_id:
        encoded["parentSpanId"] = span.parent_span_id
    return encoded


def encode_log(record: dict) -> dict:
    encoded = {
        "timeUnixNano": str(record["time_ns"]),
        "observedTimeUnixNano": str(record["time_ns"]),
        "severityNumber": _SEVERITY.get(record["level"], 9),
        "severityText": record["level"],
        "body": {"stringValue": record["message"]},
        "attributes": key_values(record.get("attributes", {})),
    }
    if record.get("trace_id"):
        encoded["traceId"] = record["trace_id"]
        encoded["spanId"] = record.get("span_id") or ""
    return encoded


class OtlpExporter:
    def __init__(self, endpoint: str | None, headers: dict, service_name: str, resource_attributes: dict,
                 delay_seconds: float = 1.0, max_queue: int = 2048, send=None):
        self.endpoint = endpoint.rstrip("/") if endpoint else None
        self.headers = {"Content-Type": "application/json", **headers}
        self.resource = {"attributes": key_values({"service.name": service_name, **resource_attributes})}
        self.delay = delay_seconds
        self.spans = collections.deque(maxlen=max_queue)
        self.logs = collections.deque(maxlen=max_queue)
        self.dropped = 0
        self.failures = 0
        self._send = send or self._post
        self._stop = threading.Event()
        self._thread = None

    @classmethod
    def from_environment(cls, default_service: str, environ=os.environ) -> "OtlpExporter":
        return cls(
            environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"),
            parse_headers(environ.get("OTEL_EXPORTER_OTLP_HEADERS")),
            environ.get("OTEL_SERVICE_NAME", default_service),
            parse_resource_attributes(environ.get("OTEL_RESOURCE_ATTRIBUTES")),
            delay_seconds=int(environ.get("OTEL_BSP_SCHEDULE_DELAY", "5000")) / 1000.0,
        )

    @property
    def enabled(self) -> bool:
        return self.endpoint is not None

    def export_span(self, span: Span) -> None:
        if self.enabled:
            self._enqueue(self.spans, encode_span(span))

    def export_log(self, record: dict) -> None:
        if self.enabled:
            self._enqueue(self.logs, encode_log(record))

    def _enqueue(self, queue: collections.deque, item: dict) -> None:
        if len(queue) == queue.maxlen:
            self.dropped += 1
        queue.append(item)

    def start(self) -> None:
        if self.enabled and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="otlp-exporter", daemon=True)
            self._thread.start()

    def shutdown(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=3)
        self.flush()

    def flush(self) -> None:
        spans = self._drain(self.spans)
        if spans:
            self._deliver("/v1/traces", {"resourceSpans": [{"resource": self.resource, "scopeSpans": [
                {"scope": {"name": "tradingaspire"}, "spans": spans}]}]})
        logs = self._drain(self.logs)
        if logs:
            self._deliver("/v1/logs", {"resourceLogs": [{"resource": self.resource, "scopeLogs": [
                {"scope": {"name": "tradingaspire"}, "logRecords": logs}]}]})

    @staticmethod
    def _drain(queue: collections.deque) -> list:
        items = []
        while queue and len(items) < 512:
            items.append(queue.popleft())
        return items

    def _deliver(self, path: str, payload: dict) -> None:
        try:
            self._send(self.endpoint + path, json.dumps(payload).encode(), self.headers)
        except Exception:  # noqa: BLE001 - telemetry must never break the service
            self.failures += 1

    @staticmethod
    def _post(url: str, body: bytes, headers: dict) -> None:
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=3) as response:
            response.read()

    def _run(self) -> None:
        while not self._stop.wait(self.delay):
            self.flush()
