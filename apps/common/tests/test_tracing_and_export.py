import json
import logging

from tradingaspire_common.logs import JsonFormatter
from tradingaspire_common.otlp import OtlpExporter, any_value, encode_span, parse_headers
from tradingaspire_common.tracing import SPAN_KIND_SERVER, STATUS_ERROR, Tracer, current_span, format_traceparent, parse_traceparent

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = "00f067aa0ba902b7"


def test_valid_traceparent_is_parsed():
    assert parse_traceparent(f"00-{TRACE}-{PARENT}-01") == (TRACE, PARENT)


def test_invalid_traceparents_are_ignored():
    for value in [None, "", "garbage", f"01-{TRACE}-{PARENT}-01", f"00-{'0' * 32}-{PARENT}-01", f"00-{TRACE}-{'0' * 16}-01", f"00-{TRACE[:-1]}-{PARENT}-01"]:
        assert parse_traceparent(value) is None


def test_a_span_continues_an_incoming_trace_and_children_nest():
    finished = []
    tracer = Tracer(finished.append)
    with tracer.start_span("POST /api/trades", SPAN_KIND_SERVER, traceparent=format_traceparent(TRACE, PARENT)) as server:
        with tracer.start_span("gateway call") as child:
            assert current_span() is child
    assert server.trace_id == TRACE and server.parent_span_id == PARENT
    assert child.trace_id == TRACE and child.parent_span_id == server.span_id
    assert [s.name for s in finished] == ["gateway call", "POST /api/trades"]
    assert current_span() is None


def test_an_exception_marks_the_span_as_error():
    finished = []
    try:
        with Tracer(finished.append).start_span("boom"):
            raise RuntimeError("bad")
    except RuntimeError:
        pass
    assert finished[0].status_code == STATUS_ERROR and finished[0].status_message == "RuntimeError: bad"


def test_span_encoding_follows_the_otlp_json_mapping():
    finished = []
    with Tracer(finished.append).start_span("op", traceparent=format_traceparent(TRACE, PARENT), count=3, ok=True, ratio=0.5, label="x") as span:
        span.add_event("retry", attempt=2)
    encoded = encode_span(finished[0])
    assert encoded["traceId"] == TRACE and encoded["parentSpanId"] == PARENT and len(encoded["spanId"]) == 16
    assert isinstance(encoded["startTimeUnixNano"], str)
    assert {"key": "count", "value": {"intValue": "3"}} in encoded["attributes"]
    assert {"key": "ok", "value": {"boolValue": True}} in encoded["attributes"]
    assert {"key": "ratio", "value": {"doubleValue": 0.5}} in encoded["attributes"]
    assert encoded["events"][0]["name"] == "retry"


def test_any_value_encodes_64_bit_integers_as_strings():
    assert any_value(2 ** 62) == {"intValue": str(2 ** 62)}


def test_headers_are_parsed_from_the_environment_form():
    assert parse_headers("x-otlp-api-key=abc=,other = 1") == {"x-otlp-api-key": "abc=", "other": "1"}


def test_exporter_posts_spans_with_the_api_key_and_service_name():
    sent = []
    exporter = OtlpExporter("http://127.0.0.1:18890", {"x-otlp-api-key": "k"}, "trading-api", {"service.instance.id": "i1"},
                            send=lambda url, body, headers: sent.append((url, json.loads(body), headers)))
    with Tracer(exporter.export_span).start_span("op"):
        pass
    exporter.flush()
    url, body, headers = sent[0]
    assert url == "http://127.0.0.1:18890/v1/traces"
    assert headers["x-otlp-api-key"] == "k" and headers["Content-Type"] == "application/json"
    resource = body["resourceSpans"][0]["resource"]["attributes"]
    assert {"key": "service.name", "value": {"stringValue": "trading-api"}} in resource
    assert body["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["name"] == "op"


def test_the_queue_is_bounded_and_drops_the_oldest():
    exporter = OtlpExporter("http://x", {}, "s", {}, max_queue=3, send=lambda *a: None)
    for i in range(5):
        exporter.export_log({"time_ns": i, "level": "INFO", "message": str(i)})
    assert exporter.dropped == 2
    assert [item["body"]["stringValue"] for item in exporter.logs] == ["2", "3", "4"]


def test_a_failing_endpoint_is_counted_not_raised():
    def fail(*_):
        raise OSError("connection refused")
    exporter = OtlpExporter("http://x", {}, "s", {}, send=fail)
    exporter.export_log({"time_ns": 1, "level": "ERROR", "message": "m"})
    exporter.flush()
    assert exporter.failures == 1


def test_without_an_endpoint_nothing_is_queued():
    exporter = OtlpExporter(None, {}, "s", {})
    exporter.export_log({"time_ns": 1, "level": "INFO", "message": "m"})
    assert not exporter.enabled and len(exporter.logs) == 0


def test_json_logs_carry_the_current_trace():
    record = logging.makeLogRecord({"name": "trading_api", "levelname": "INFO", "msg": "trade %s", "args": ("t1",), "symbol": "BTCUSDT"})
    with Tracer().start_span("op") as span:
        line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "trade t1" and line["trace_id"] == span.trace_id and line["symbol"] == "BTCUSDT"
