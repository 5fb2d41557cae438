"""Structured JSON logs on stdout (one object per line), with trace ids, also forwarded to the OTLP exporter."""
import json
import logging
import sys
import time

from .tracing import current_span

_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


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
    def __init__(self, exporter):
        super().__init__()
        self.exporter = exporter

    def emit(self, record: logging.LogRecord) -> None:
        span = current_span()
        extra = {k: v for k, v in vars(record).items() if k not in _RESERVED and not k.startswith("_")}
        self.exporter.export_log({
            "time_ns": int(record.created * 1e9),
            "level": record.levelname,
            "message": record.getMessage(),
            "trace_id": span.trace_id if span else None,
            "span_id": span.span_id if span else None,
            "attributes": {"logger": record.name, **{k: v for k, v in extra.items() if isinstance(v, (str, int, float, bool))}},
        })


def configure_logging(exporter=None, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    root.handlers.clear()
    stdout = logging.StreamHandler(sys.stdout)
    stdout.setFormatter(JsonFormatter())
    root.addHandler(stdout)
    if exporter is not None and exporter.enabled:
        root.addHandler(OtlpLogHandler(exporter))
    root.setLevel(level)
    for noisy in ("uvicorn.access", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
