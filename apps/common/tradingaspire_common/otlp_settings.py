"""OTLP exporter settings from the standard OpenTelemetry environment variables, as Aspire's AppHost sets them.

Read (https://opentelemetry.io/docs/specs/otel/protocol/exporter/ and .../configuration/sdk-environment-variables/):

- `OTEL_EXPORTER_OTLP_ENDPOINT` - base URL of an OTLP/HTTP receiver (Aspire: the dashboard's OTLP/HTTP endpoint,
  e.g. http://localhost:18890); signals go to `{base}/v1/traces`, `/v1/logs`, `/v1/metrics`. Not set: telemetry off.
- `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `..._LOGS_ENDPOINT`, `..._METRICS_ENDPOINT` - a signal's full URL (used as is).
- `OTEL_EXPORTER_OTLP_HEADERS` (+ `..._TRACES_HEADERS` etc.) - `k=v,k2=v2`, URL-decoded; Aspire puts its API key
  there (`x-otlp-api-key=<key>`).
- `OTEL_EXPORTER_OTLP_PROTOCOL` - only `http/protobuf` is spoken here (Aspire's default for Python apps).
- `OTEL_EXPORTER_OTLP_TIMEOUT` (ms, default 10000), `OTEL_SERVICE_NAME` (default: the app's name),
  `OTEL_RESOURCE_ATTRIBUTES` (`k=v,...`, URL-decoded; Aspire: service.instance.id),
  `OTEL_BSP_SCHEDULE_DELAY` / `OTEL_BLRP_SCHEDULE_DELAY` (ms between span/log batches, default 5000/1000),
  `OTEL_BSP_MAX_QUEUE_SIZE` (default 2048), `OTEL_BSP_MAX_EXPORT_BATCH_SIZE` (default 512),
  `OTEL_METRIC_EXPORT_INTERVAL` (ms, default 60000), `OTEL_SDK_DISABLED=true`,
  `OTEL_TRACES_EXPORTER` / `OTEL_LOGS_EXPORTER` / `OTEL_METRICS_EXPORTER` = `none` to turn one signal off.
"""
import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

SIGNALS = ("traces", "logs", "metrics")


def parse_key_values(value: str | None) -> dict[str, str]:
    """`k=v,k2=v2` (W3C baggage-like, as OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES): keys and values
    trimmed and URL-decoded; a value may contain '='; pairs without '=' or with an empty key are ignored."""
    result = {}
    for pair in (value or "").split(","):
        key, separator, item = pair.partition("=")
        if separator and key.strip():
            result[unquote(key.strip())] = unquote(item.strip())
    return result


def _milliseconds(environ: Mapping[str, str], name: str, default: int) -> float:
    try:
        value = int(environ.get(name, "") or default)
    except ValueError:
        value = default
    return max(value, 1) / 1000.0


@dataclass(frozen=True)
class OtlpSettings:
    """Resolved exporter settings; `urls[signal]` is None when that signal is not exported. Times in seconds."""
    urls: dict[str, str | None]
    headers: dict[str, dict[str, str]]
    service_name: str
    resource_attributes: dict[str, str]
    protocol: str = "http/protobuf"
    timeout: float = 10.0
    span_delay: float = 5.0
    log_delay: float = 1.0
    metric_interval: float = 60.0
    max_queue: int = 2048
    max_batch: int = 512

    @property
    def enabled(self) -> bool:
        return any(self.urls.values())

    @classmethod
    def from_environment(cls, default_service: str, environ: Mapping[str, str] = os.environ) -> "OtlpSettings":
        disabled = environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true"
        base = (environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or "").strip().rstrip("/")
        common_headers = parse_key_values(environ.get("OTEL_EXPORTER_OTLP_HEADERS"))
        urls, headers = {}, {}
        for signal in SIGNALS:
            upper = signal.upper()
            own = (environ.get(f"OTEL_EXPORTER_OTLP_{upper}_ENDPOINT") or "").strip()
            url = own or (f"{base}/v1/{signal}" if base else None)
            if disabled or (environ.get(f"OTEL_{upper}_EXPORTER") or "otlp").strip().lower() == "none":
                url = None
            urls[signal] = url
            headers[signal] = {**common_headers, **parse_key_values(environ.get(f"OTEL_EXPORTER_OTLP_{upper}_HEADERS"))}
        attributes = parse_key_values(environ.get("OTEL_RESOURCE_ATTRIBUTES"))
        service = (environ.get("OTEL_SERVICE_NAME") or "").strip() or attributes.get("service.name") or default_service
        try:
            max_queue = max(int(environ.get("OTEL_BSP_MAX_QUEUE_SIZE", "") or 2048), 1)
            max_batch = max(int(environ.get("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "") or 512), 1)
        except ValueError:
            max_queue, max_batch = 2048, 512
        return cls(urls=urls, headers=headers, service_name=service, resource_attributes=attributes,
                   protocol=(environ.get("OTEL_EXPORTER_OTLP_PROTOCOL") or "http/protobuf").strip(),
                   timeout=_milliseconds(environ, "OTEL_EXPORTER_OTLP_TIMEOUT", 10000),
                   span_delay=_milliseconds(environ, "OTEL_BSP_SCHEDULE_DELAY", 5000),
                   log_delay=_milliseconds(environ, "OTEL_BLRP_SCHEDULE_DELAY", 1000),
                   metric_interval=_milliseconds(environ, "OTEL_METRIC_EXPORT_INTERVAL", 60000),
                   max_queue=max_queue, max_batch=min(max_batch, max_queue))
