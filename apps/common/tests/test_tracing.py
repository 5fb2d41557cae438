import json
import logging

from tradingaspire_common.logs import JsonFormatter
from tradingaspire_common.tracing import (SPAN_KIND_SERVER, STATUS_ERROR, Tracer, current_span, format_traceparent,
                                          inject_traceparent, parse_traceparent)

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = "00f067aa0ba902b7"


def test_valid_traceparent_is_parsed():
    assert parse_traceparent(f"00-{TRACE}-{PARENT}-01") == (TRACE, PARENT)
    assert parse_traceparent(f" 00-{TRACE.upper()}-{PARENT}-00 ") == (TRACE, PARENT)


def test_invalid_traceparents_are_ignored():
    for value in [None, "", "garbage", f"01-{TRACE}-{PARENT}-01", f"00-{'0' * 32}-{PARENT}-01", f"00-{TRACE}-{'0' * 16}-01", f"00-{TRACE[:-1]}-{PARENT}-01"]:
        assert parse_traceparent(value) is None


def test_a_span_continues_an_incoming_trace_and_children_nest():
    finished = []
    tracer = Tracer(finished.append)
    with tracer.start_span("POST /api/trades", SPAN_KIND_SERVER, traceparent=format_traceparent(TRACE, PARENT)) as server:
        with tracer.start_span("gateway call") as child:
            assert current_span() is child
            assert inject_traceparent() == {"traceparent": f"00-{TRACE}-{child.span_id}-01"}
    assert server.trace_id == TRACE and server.parent_span_id == PARENT
    assert child.trace_id == TRACE and child.parent_span_id == server.span_id
    assert [s.name for s in finished] == ["gateway call", "POST /api/trades"]
    assert current_span() is None and inject_traceparent({"a": "b"}) == {"a": "b"}


def test_an_exception_marks_the_span_as_error():
    finished = []
    try:
        with Tracer(finished.append).start_span("boom"):
            raise RuntimeError("bad")
    except RuntimeError:
        pass
    assert finished[0].status_code == STATUS_ERROR and finished[0].status_message == "RuntimeError: bad"


def test_json_logs_carry_the_current_trace():
    record = logging.makeLogRecord({"name": "trading_api", "levelname": "INFO", "msg": "trade %s", "args": ("t1",), "symbol": "BTCUSDT"})
    with Tracer().start_span("op") as span:
        line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "trade t1" and line["trace_id"] == span.trace_id and line["span_id"] == span.span_id
    assert line["symbol"] == "BTCUSDT"
