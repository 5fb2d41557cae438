"""W3C trace context (https://www.w3.org/TR/trace-context/) and a minimal span API; finished spans go to a sink
(the OTLP exporter's export_span). Ids are lower-case hex strings (trace 32, span 16 characters).

Sampling follows the OpenTelemetry SDK variables (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/):
`OTEL_TRACES_SAMPLER` = always_on | always_off | traceidratio | parentbased_always_on (the default) |
parentbased_always_off | parentbased_traceidratio, with `OTEL_TRACES_SAMPLER_ARG` the ratio (0 to 1, default 1) for
the ratio samplers. A span not sampled is still created (its ids go to logs and to the traceparent header, whose
flags then say "not sampled" so the next service drops its spans too) but never reaches the sink."""
import contextvars
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from .errors import ConfigError

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_current: contextvars.ContextVar["Span | None"] = contextvars.ContextVar("current_span", default=None)

SPAN_KIND_INTERNAL, SPAN_KIND_SERVER, SPAN_KIND_CLIENT = 1, 2, 3
STATUS_UNSET, STATUS_OK, STATUS_ERROR = 0, 1, 2


def new_trace_id() -> str:
    return os.urandom(16).hex()


def new_span_id() -> str:
    return os.urandom(8).hex()


def _parse(value: str | None) -> tuple[str, str, bool] | None:
    """(trace_id, parent_span_id, sampled flag) of a valid traceparent header; None when absent or invalid."""
    if not value:
        return None
    match = _TRACEPARENT.match(value.strip().lower())
    if not match or match.group(1) == "0" * 32 or match.group(2) == "0" * 16:
        return None
    return match.group(1), match.group(2), int(match.group(3), 16) & 1 == 1


def parse_traceparent(value: str | None) -> tuple[str, str] | None:
    """(trace_id, parent_span_id) from a traceparent header; None when absent or invalid (all-zero ids are invalid)."""
    parsed = _parse(value)
    return parsed[:2] if parsed else None


def traceparent_sampled(value: str | None) -> bool:
    """The sampled flag (bit 0 of trace-flags) of a valid traceparent header; True when absent or invalid."""
    parsed = _parse(value)
    return parsed is None or parsed[2]


def format_traceparent(trace_id: str, span_id: str, sampled: bool = True) -> str:
    return f"00-{trace_id}-{span_id}-{'01' if sampled else '00'}"


SAMPLERS = ("always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio")


@dataclass(frozen=True)
class Sampler:
    """Whether a trace is recorded: a root span by `ratio` of trace ids (1 = all, 0 = none; decided on the trace
    id's last 16 hex digits, so every service decides the same for one trace); a child span, when `parent_based`,
    as its parent was."""
    ratio: float = 1.0
    parent_based: bool = True

    def sampled(self, trace_id: str, parent_sampled: bool | None) -> bool:
        if self.parent_based and parent_sampled is not None:
            return parent_sampled
        return int(trace_id[16:], 16) < self.ratio * 2 ** 64

    @classmethod
    def from_environment(cls, environ) -> "Sampler":
        """From OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG; raises ConfigError naming the variable, the accepted
        values and an example for anything else."""
        name = (environ.get("OTEL_TRACES_SAMPLER") or "parentbased_always_on").strip().lower()
        if name not in SAMPLERS:
            raise ConfigError(f"Invalid OTEL_TRACES_SAMPLER '{name}'. Expected one of {', '.join(SAMPLERS)} "
                              "(example: OTEL_TRACES_SAMPLER=parentbased_traceidratio with OTEL_TRACES_SAMPLER_ARG=0.1).")
        ratio = {"always_off": 0.0, "parentbased_always_off": 0.0}.get(name, 1.0)
        if name.endswith("traceidratio") and (environ.get("OTEL_TRACES_SAMPLER_ARG") or "").strip():
            raw = environ["OTEL_TRACES_SAMPLER_ARG"].strip()
            try:
                ratio = float(raw)
            except ValueError:
                ratio = -1.0
            if not 0.0 <= ratio <= 1.0:
                raise ConfigError(f"Invalid OTEL_TRACES_SAMPLER_ARG '{raw}' for {name}. Expected the share of traces to keep, "
                                  "a number from 0 to 1 (example: OTEL_TRACES_SAMPLER_ARG=0.1 keeps one trace in ten).")
        return cls(ratio=ratio, parent_based=name.startswith("parentbased_"))


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
    sampled: bool = True
    background: bool = False  # started with record=False, or below such a span: never recorded, whatever the sampler

    def set_attribute(self, key: str, value) -> None:
        self.attributes[key] = value

    def add_event(self, name: str, **attributes) -> None:
        self.events.append({"name": name, "time_ns": time.time_ns(), "attributes": attributes})

    def set_error(self, message: str) -> None:
        self.status_code = STATUS_ERROR
        self.status_message = message

    def traceparent(self) -> str:
        return format_traceparent(self.trace_id, self.span_id, self.sampled)


def current_span() -> Span | None:
    """The span of the running task/context, None outside any span."""
    return _current.get()


class Tracer:
    """Starts spans as children of the current span (or of an incoming traceparent) and hands finished, sampled ones
    to a sink (see Sampler; the default records every trace)."""

    def __init__(self, sink=None, sampler: Sampler | None = None):
        self._sink = sink
        self._sampler = sampler or Sampler()

    @contextmanager
    def start_span(self, name: str, kind: int = SPAN_KIND_INTERNAL, traceparent: str | None = None, record: bool = True, **attributes):
        """A span, child of `traceparent` when valid, else of the current span, else a new trace's root. `record=False`
        marks it background work (the caller knows nobody asked for it): it is created and propagated as usual (its
        traceparent says "not sampled"), but neither it nor the spans started under it reach the sink, whatever the
        sampler says (also `always_on`, which Aspire sets in Development and which would record the children)."""
        parent = current_span()
        incoming = _parse(traceparent)
        if incoming:
            trace_id, parent_id, parent_sampled = incoming
        elif parent:
            trace_id, parent_id, parent_sampled = parent.trace_id, parent.span_id, parent.sampled
        else:
            trace_id, parent_id, parent_sampled = new_trace_id(), None, None
        background = not record or (incoming is None and parent is not None and parent.background)
        span = Span(name, trace_id, new_span_id(), parent_id, kind, attributes=dict(attributes),
                    sampled=not background and self._sampler.sampled(trace_id, parent_sampled), background=background)
        token = _current.set(span)
        try:
            yield span
        except BaseException as error:
            span.set_error(f"{type(error).__name__}: {error}")
            raise
        finally:
            span.end_ns = time.time_ns()
            _current.reset(token)
            if self._sink and span.sampled:
                self._sink(span)
