import json
import logging

from tradingaspire_common.logs import JsonFormatter
from tradingaspire_common.tracing import SPAN_KIND_SERVER, STATUS_ERROR, Tracer, current_span, format_traceparent, parse_traceparent

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
            assert child.traceparent() == f"00-{TRACE}-{child.span_id}-01"
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


def test_json_logs_carry_the_current_trace():
    record = logging.makeLogRecord({"name": "trading_api", "levelname": "INFO", "msg": "trade %s", "args": ("t1",), "symbol": "BTCUSDT"})
    with Tracer().start_span("op") as span:
        line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "trade t1" and line["trace_id"] == span.trace_id and line["span_id"] == span.span_id
    assert line["symbol"] == "BTCUSDT"


def _trace_id(low: int) -> str:
    """A trace id whose last 16 hex digits (what the ratio sampler decides on) are `low`."""
    return f"{'ab' * 8}{low:016x}"


def test_sampler_from_environment_follows_the_opentelemetry_variables():
    from tradingaspire_common.tracing import Sampler
    assert Sampler.from_environment({}) == Sampler(1.0, True)
    assert Sampler.from_environment({"OTEL_TRACES_SAMPLER": "always_on"}) == Sampler(1.0, False)
    assert Sampler.from_environment({"OTEL_TRACES_SAMPLER": "always_off"}) == Sampler(0.0, False)
    assert Sampler.from_environment({"OTEL_TRACES_SAMPLER": "parentbased_always_off"}) == Sampler(0.0, True)
    assert Sampler.from_environment({"OTEL_TRACES_SAMPLER": " ParentBased_TraceIdRatio ", "OTEL_TRACES_SAMPLER_ARG": "0.25"}) == Sampler(0.25, True)
    assert Sampler.from_environment({"OTEL_TRACES_SAMPLER": "traceidratio"}) == Sampler(1.0, False)


def test_invalid_sampler_settings_name_the_variable_and_an_example():
    import pytest
    from tradingaspire_common.errors import ConfigError
    from tradingaspire_common.tracing import Sampler
    with pytest.raises(ConfigError, match="OTEL_TRACES_SAMPLER 'sometimes'.*parentbased_traceidratio.*example"):
        Sampler.from_environment({"OTEL_TRACES_SAMPLER": "sometimes"})
    for bad in ("1.5", "-0.1", "ten percent"):
        with pytest.raises(ConfigError, match=f"OTEL_TRACES_SAMPLER_ARG '{bad}'.*from 0 to 1.*example"):
            Sampler.from_environment({"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": bad})


def test_the_ratio_sampler_keeps_traces_below_the_ratio_of_the_id_space():
    from tradingaspire_common.tracing import Sampler
    tenth = Sampler(0.1, parent_based=False)
    assert tenth.sampled(_trace_id(0), None)
    assert tenth.sampled(_trace_id(int(0.1 * 2 ** 64) - 4096), None)
    assert not tenth.sampled(_trace_id(int(0.1 * 2 ** 64) + 4096), None)
    assert not Sampler(0.0).sampled(_trace_id(0), None)
    assert Sampler(1.0).sampled(_trace_id(2 ** 64 - 1), None)


def test_an_unsampled_trace_is_propagated_as_such_and_never_reaches_the_sink():
    from tradingaspire_common.tracing import Sampler
    finished = []
    tracer = Tracer(finished.append, Sampler(0.0, parent_based=True))
    with tracer.start_span("root") as root:
        with tracer.start_span("child") as child:
            assert child.traceparent() == f"00-{root.trace_id}-{child.span_id}-00"
    assert not root.sampled and not child.sampled and finished == []


def test_parent_based_sampling_follows_the_incoming_flag_and_plain_ratio_ignores_it():
    from tradingaspire_common.tracing import Sampler
    finished = []
    parent_based = Tracer(finished.append, Sampler(0.0, parent_based=True))
    with parent_based.start_span("sampled upstream", traceparent=f"00-{TRACE}-{PARENT}-01"):
        pass
    with parent_based.start_span("dropped upstream", traceparent=f"00-{TRACE}-{PARENT}-00"):
        pass
    assert [s.name for s in finished] == ["sampled upstream"]

    finished.clear()
    always = Tracer(finished.append, Sampler(1.0, parent_based=False))
    with always.start_span("recorded anyway", traceparent=f"00-{TRACE}-{PARENT}-00") as span:
        assert span.traceparent().endswith("-01")
    assert [s.name for s in finished] == ["recorded anyway"]


def test_log_level_follows_the_dotnet_variable_and_refuses_unknown_levels():
    import pytest
    from tradingaspire_common.errors import ConfigError
    from tradingaspire_common.telemetry import log_level
    assert log_level({}) == logging.INFO
    assert log_level({"Logging__LogLevel__Default": "Debug"}) == logging.DEBUG
    assert log_level({"Logging__LogLevel__Default": " warning "}) == logging.WARNING
    assert log_level({"Logging__LogLevel__Default": "None"}) > logging.CRITICAL
    with pytest.raises(ConfigError, match="Logging__LogLevel__Default 'Verbose'.*Trace, Debug, Information.*example"):
        log_level({"Logging__LogLevel__Default": "Verbose"})


def test_background_work_is_not_recorded_nor_is_anything_under_it_even_with_always_on():
    from tradingaspire_common.tracing import Sampler
    finished = []
    always_on = Tracer(finished.append, Sampler(1.0, parent_based=False))  # OTEL_TRACES_SAMPLER=always_on (Aspire, Development)
    with always_on.start_span("GET /api/positions", SPAN_KIND_SERVER, record=False) as poll:
        with always_on.start_span("SELECT trading") as query:
            assert query.traceparent() == f"00-{poll.trace_id}-{query.span_id}-00"
    with always_on.start_span("POST /api/trades", SPAN_KIND_SERVER):
        with always_on.start_span("INSERT trading"):
            pass
    assert [s.name for s in finished] == ["INSERT trading", "POST /api/trades"]
    assert poll.background and query.background and not query.sampled
