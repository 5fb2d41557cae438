"""W3C trace context (https://www.w3.org/TR/trace-context/) and a minimal span API; finished spans go to a sink
(the OTLP exporter's export_span). Ids are lower-case hex strings (trace 32, span 16 characters)."""
import contextvars
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_current: contextvars.ContextVar["Span | None"] = contextvars.ContextVar("current_span", default=None)

SPAN_KIND_INTERNAL, SPAN_KIND_SERVER, SPAN_KIND_CLIENT = 1, 2, 3
STATUS_UNSET, STATUS_OK, STATUS_ERROR = 0, 1, 2


def new_trace_id() -> str:
    return os.urandom(16).hex()


def new_span_id() -> str:
    return os.urandom(8).hex()


def parse_traceparent(value: str | None) -> tuple[str, str] | None:
    """(trace_id, parent_span_id) from a traceparent header; None when absent or invalid (all-zero ids are invalid)."""
    if not value:
        return None
    match = _TRACEPARENT.match(value.strip().lower())
    if not match or match.group(1) == "0" * 32 or match.group(2) == "0" * 16:
        return None
    return match.group(1), match.group(2)


def format_traceparent(trace_id: str, span_id: str) -> str:
    return f"00-{trace_id}-{span_id}-01"


@dataclass
class Span:
    name: str
    trace_id: str
    span_id: str
    parent_span_id: str | None
    kind: int = SPAN_KIND_INTERNAL
    start_ns: int = field(default_factory=time.time_ns)
    end_ns: int | None = None
    attributes: dict = field(default_factory=dict)
    events: list = field(default_factory=list)
    status_code: int = STATUS_UNSET
    status_message: str = ""

    def set_attribute(self, key: str, value) -> None:
        self.attributes[key] = value

    def add_event(self, name: str, **attributes) -> None:
        self.events.append({"name": name, "time_ns": time.time_ns(), "attributes": attributes})

    def set_error(self, message: str) -> None:
        self.status_code = STATUS_ERROR
        self.status_message = message

    def traceparent(self) -> str:
        return format_traceparent(self.trace_id, self.span_id)


def current_span() -> Span | None:
    """The span of the running task/context, None outside any span."""
    return _current.get()


def inject_traceparent(headers: dict | None = None) -> dict:
    """`headers` (a new dict when None) with `traceparent` of the current span, to send on an outgoing request."""
    headers = {} if headers is None else headers
    span = current_span()
    if span is not None:
        headers["traceparent"] = span.traceparent()
    return headers


class Tracer:
    """Starts spans as children of the current span (or of an incoming traceparent) and hands finished ones to a sink."""

    def __init__(self, sink=None):
        self._sink = sink

    @contextmanager
    def start_span(self, name: str, kind: int = SPAN_KIND_INTERNAL, traceparent: str | None = None, **attributes):
        parent = current_span()
        incoming = parse_traceparent(traceparent)
        if incoming:
            trace_id, parent_id = incoming
        elif parent:
            trace_id, parent_id = parent.trace_id, parent.span_id
        else:
            trace_id, parent_id = new_trace_id(), None
        span = Span(name, trace_id, new_span_id(), parent_id, kind, attributes=dict(attributes))
        token = _current.set(span)
        try:
            yield span
        except BaseException as error:
            span.set_error(f"{type(error).__name__}: {error}")
            raise
        finally:
            span.end_ns = time.time_ns()
            _current.reset(token)
            if self._sink:
                self._sink(span)
