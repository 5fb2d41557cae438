"""Composition of a service's telemetry: one call at startup, nothing at import time.

    telemetry = setup_telemetry("trading-api")   # logging configured, exporter built (not started)
    telemetry.start()                            # from the app's startup: the exporter thread runs
    ... telemetry.tracer.start_span(...), telemetry.meter.counter(...) ...
    telemetry.shutdown()                         # flushes what is queued

With OTEL_EXPORTER_OTLP_ENDPOINT (Aspire sets it for every resource) spans, logs and metrics go to the dashboard over
OTLP/HTTP protobuf: Traces (spans), Structured logs (log records with trace ids), Metrics (instruments, under the
service's name). Without it, telemetry is off: spans are still created (trace ids in the JSON logs and traceparent
headers still flow) but nothing is sent. Variables: see otlp_settings.
"""
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

from .logs import OtlpLogHandler, configure_logging
from .meter import Meter
from .otlp import OtlpExporter
from .otlp_settings import OtlpSettings
from .errors import ConfigError
from .tracing import Sampler, Tracer


@dataclass
class Telemetry:
    exporter: OtlpExporter
    tracer: Tracer
    meter: Meter

    def start(self) -> None:
        self.exporter.start()

    def shutdown(self) -> None:
        self.exporter.shutdown()


LOG_LEVELS = {"trace": logging.DEBUG, "debug": logging.DEBUG, "information": logging.INFO, "warning": logging.WARNING,
              "error": logging.ERROR, "critical": logging.CRITICAL, "none": logging.CRITICAL + 10}


def log_level(environ: Mapping[str, str], default: int = logging.INFO) -> int:
    """The root log level from `Logging__LogLevel__Default`, the variable .NET services read (Trace, Debug,
    Information, Warning, Error, Critical, None; case-insensitive), so one AppHost setting works for every service;
    `default` when unset. Raises ConfigError naming the accepted values for anything else."""
    raw = (environ.get("Logging__LogLevel__Default") or "").strip()
    if not raw:
        return default
    if raw.lower() not in LOG_LEVELS:
        raise ConfigError(f"Invalid Logging__LogLevel__Default '{raw}'. Expected one of Trace, Debug, Information, Warning, "
                          "Error, Critical, None (example: Logging__LogLevel__Default=Debug shows each placed order).")
    return LOG_LEVELS[raw.lower()]


def setup_telemetry(default_service: str, environ: Mapping[str, str] = os.environ, level: int | None = None) -> Telemetry:
    """Builds exporter, tracer and meter from the OTEL_* variables and configures the root logger (JSON on stdout,
    plus OTLP logs when enabled) at `level`, else at log_level(environ) (INFO by default). `default_service` is the
    service name when OTEL_SERVICE_NAME is not set. Raises errors.ConfigError for an invalid OTEL_TRACES_SAMPLER /
    OTEL_TRACES_SAMPLER_ARG (tracing.Sampler) or Logging__LogLevel__Default."""
    configure_logging(None, log_level(environ) if level is None else level)  # first: the exporter's own messages are JSON too
    sampler = Sampler.from_environment(environ)
    settings = OtlpSettings.from_environment(default_service, environ)
    meter = Meter(settings.service_name)
    exporter = OtlpExporter(settings, meter)
    if exporter.enabled:
        logging.getLogger().addHandler(OtlpLogHandler(exporter))
    return Telemetry(exporter, Tracer(exporter.export_span if exporter.enabled else None, sampler), meter)
