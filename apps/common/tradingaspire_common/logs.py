"""Structured JSON logs on stdout (one object per line, with trace_id/span_id of the current span) and the same records
exported as OTLP logs (the Aspire dashboard's Structured logs page)."""
import json
import logging
import sys
import time

from .tracing import current_span

# Record attributes that are not `extra` fields; uvicorn's `color_message` (its message with ANSI colour codes, for its
# own console formatter) is one too.
_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "color_message"}
# uvicorn's loggers with a handler of their own in uvicorn's logging configuration (uvicorn.config.LOGGING_CONFIG);
# "uvicorn.error" and "uvicorn.asgi" have none and reach the root through "uvicorn".
UVICORN_LOGGERS = ("uvicorn", "uvicorn.access")
# OpenTelemetry log severity numbers for Python's levels.
_SEVERITY = {logging.DEBUG: 5, logging.INFO: 9, logging.WARNING: 13, logging.ERROR: 17, logging.CRITICAL: 21}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        span = current_span()
        entry = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if span:
            entry["trace_id"] = span.trace_id
            entry["span_id"] = span.span_id
        entry.update({k: v for k, v in vars(record).items() if k not in _RESERVED and not k.startswith("_")})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class OtlpLogHandler(logging.Handler):
    """Hands every log record to the OTLP exporter as a structured log: severity number/text, the formatted message
    as body, the `extra` fields and code.* / exception.* as attributes, the current span's trace and span ids, and
    the logger name as instrumentation scope (the Aspire dashboard's "Category"). Records of the exporter's own
    logger (tradingaspire.otlp) are not exported."""

    def __init__(self, exporter):
        super().__init__()
        self.exporter = exporter

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("tradingaspire.otlp"):
            return
        try:
            span = current_span()
            attributes = {k: (v if isinstance(v, (str, int, float, bool)) else str(v))
                          for k, v in vars(record).items() if k not in _RESERVED and not k.startswith("_")}
            attributes.update({"code.function": record.funcName, "code.lineno": record.lineno, "code.filepath": record.pathname})
            if record.exc_info and record.exc_info[0] is not None:
                attributes.update({"exception.type": record.exc_info[0].__name__, "exception.message": str(record.exc_info[1]),
                                   "exception.stacktrace": logging.Formatter().formatException(record.exc_info)})
            time_ns = int(record.created * 1e9)
            self.exporter.export_log({
                "time_ns": time_ns,
                "observed_ns": time_ns,
                "severity_number": _SEVERITY.get(record.levelno, 9),
                "severity_text": record.levelname,
                "body": record.getMessage(),
                "attributes": attributes,
                "trace_id": span.trace_id if span else None,
                "span_id": span.span_id if span else None,
                "scope": record.name,
            })
        except Exception:  # noqa: BLE001 - logging must never raise into the caller
            self.handleError(record)


def configure_logging(exporter=None, level: int = logging.INFO) -> None:
    """The root logger writes JSON lines on stdout (JsonFormatter) and, with an enabled exporter, OTLP logs, at `level`,
    and uvicorn's loggers propagate to it with no handler of their own. uvicorn configures its loggers before it imports
    the app (a plain-text handler on "uvicorn", which also propagates, and one on "uvicorn.access"), so without this each
    of its lines ("Started server process", "Application startup complete.", ...) was written twice: as text on stderr
    and as JSON on stdout. Their handlers are removed here: uvicorn's lines are JSON lines like every other, once.
    "uvicorn.access" and "httpx" stay at WARNING (a line per request otherwise)."""
    root = logging.getLogger()
    root.handlers.clear()
    stdout = logging.StreamHandler(sys.stdout)
    stdout.setFormatter(JsonFormatter())
    root.addHandler(stdout)
    if exporter is not None and exporter.enabled:
        root.addHandler(OtlpLogHandler(exporter))
    root.setLevel(level)
    for name in UVICORN_LOGGERS:
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
    for noisy in ("uvicorn.access", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
