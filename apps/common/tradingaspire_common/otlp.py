"""OTLP/HTTP protobuf export of spans, logs and metrics (what the Aspire dashboard accepts; it refuses OTLP/JSON).

POSTs `application/x-protobuf` Export{Trace,Logs,Metrics}ServiceRequest bodies to the URLs of OtlpSettings (from
OTEL_EXPORTER_OTLP_* - see otlp_settings), with its headers (Aspire's `x-otlp-api-key`).

Never blocks the caller: `export_span` / `export_log` put the item in a bounded queue (OTEL_BSP_MAX_QUEUE_SIZE) and
return; a daemon thread sends batches (at most OTEL_BSP_MAX_EXPORT_BATCH_SIZE items) every schedule delay or as soon
as a batch is full, and the meter's instruments every OTEL_METRIC_EXPORT_INTERVAL. A full queue or a failed POST
(dashboard down, non-2xx) drops the items: `dropped[signal]` counts them, `failures` counts failed POSTs, and a
warning goes to the `tradingaspire.otlp` logger at most once per `warn_interval` seconds (that logger is never
exported, so a dead dashboard cannot feed itself). No URL for any signal: disabled, everything is a no-op.
"""
import logging
import os
import queue
import threading
import time
import urllib.request
from collections.abc import Mapping

from . import otlp_encoding
from .otlp_settings import OtlpSettings

log = logging.getLogger("tradingaspire.otlp")
CONTENT_TYPE = "application/x-protobuf"


class OtlpExporter:
    def __init__(self, settings: OtlpSettings, meter=None, send=None, warn_interval: float = 30.0):
        self.settings = settings
        self.meter = meter
        self.urls = settings.urls
        self.dropped = {"traces": 0, "logs": 0, "metrics": 0}
        self.failures = 0
        self.sent = {"traces": 0, "logs": 0, "metrics": 0}
        self._queues = {"traces": queue.Queue(settings.max_queue), "logs": queue.Queue(settings.max_queue)}
        self._send = send or self._post
        self._warn_interval = warn_interval
        self._last_warning = float("-inf")
        self._resource = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.enabled = settings.enabled and self._modules_available()

    def _modules_available(self) -> bool:
        try:
            self._resource = otlp_encoding.resource(self.settings.service_name, self.settings.resource_attributes)
        except otlp_encoding.ProtoModulesMissing as error:
            log.error("telemetry export is off: %s", error)
            return False
        if self.settings.protocol != "http/protobuf":
            log.warning("OTEL_EXPORTER_OTLP_PROTOCOL=%s is not supported here; sending http/protobuf", self.settings.protocol)
        return True

    @classmethod
    def from_environment(cls, default_service: str, meter=None, environ: Mapping[str, str] = os.environ) -> "OtlpExporter":
        """An exporter for the OTEL_* variables of `environ` (see otlp_settings)."""
        return cls(OtlpSettings.from_environment(default_service, environ), meter)

    @property
    def dropped_total(self) -> int:
        return sum(self.dropped.values())

    def export_span(self, span) -> None:
        """Queues a finished tracing.Span (Tracer's sink)."""
        self._enqueue("traces", span)

    def export_log(self, record: dict) -> None:
        """Queues a log dict (see otlp_encoding)."""
        self._enqueue("logs", record)

    def _enqueue(self, signal: str, item) -> None:
        if not self.enabled or not self.urls[signal]:
            return
        target = self._queues[signal]
        try:
            target.put_nowait(item)
        except queue.Full:
            self.dropped[signal] += 1
            self._warn(f"OTLP {signal} queue full ({self.settings.max_queue}); dropping")
            return
        if target.qsize() >= self.settings.max_batch:
            self._wake.set()

    def start(self) -> None:
        """Starts the sending thread (once)."""
        if self.enabled and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="otlp-exporter", daemon=True)
            self._thread.start()

    def shutdown(self, timeout: float = 3.0) -> None:
        """Stops the thread, then sends what is queued and the metrics once more."""
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=timeout)
            self._thread = None
        if self.enabled:
            self.flush()
            self.export_metrics()

    def flush(self) -> None:
        """Sends everything queued now (on the caller's thread)."""
        for signal in ("traces", "logs"):
            while True:
                batch = self._drain(signal)
                if not batch:
                    break
                self._export(signal, batch)

    def export_metrics(self) -> None:
        """Sends the meter's cumulative points now (on the caller's thread)."""
        if not self.enabled or self.meter is None or not self.urls["metrics"]:
            return
        request = otlp_encoding.metrics_request(self._resource, self.meter)
        if request is not None:
            points = sum(len(getattr(m, m.WhichOneof("data")).data_points) for m in request.resource_metrics[0].scope_metrics[0].metrics)
            self._deliver("metrics", request, points)

    def _drain(self, signal: str) -> list:
        items, source = [], self._queues[signal]
        while len(items) < self.settings.max_batch:
            try:
                items.append(source.get_nowait())
            except queue.Empty:
                break
        return items

    def _export(self, signal: str, batch: list) -> None:
        try:
            request = (otlp_encoding.traces_request if signal == "traces" else otlp_encoding.logs_request)(self._resource, batch)
        except Exception as error:  # noqa: BLE001 - a bad item must not stop the exporter
            self.dropped[signal] += len(batch)
            self._warn(f"could not encode OTLP {signal}: {type(error).__name__}: {error}")
            return
        self._deliver(signal, request, len(batch))

    def _deliver(self, signal: str, request, count: int) -> None:
        url = self.urls[signal]
        try:
            self._send(url, request.SerializeToString(), {**self.settings.headers[signal], "Content-Type": CONTENT_TYPE})
            self.sent[signal] += count
        except Exception as error:  # noqa: BLE001 - telemetry must never break the service
            self.failures += 1
            self.dropped[signal] += count
            self._warn(f"could not send OTLP {signal} to {url}: {type(error).__name__}: {error}")

    def _warn(self, message: str) -> None:
        now = time.monotonic()
        if now - self._last_warning >= self._warn_interval:
            self._last_warning = now
            log.warning("%s (dropped so far: %s; failed sends: %d)", message, self.dropped, self.failures)

    def _post(self, url: str, body: bytes, headers: dict) -> None:
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=self.settings.timeout) as response:
            response.read()

    def _run(self) -> None:
        delay = min(self.settings.span_delay, self.settings.log_delay)
        next_metrics = time.monotonic() + self.settings.metric_interval
        while not self._stop.is_set():
            self._wake.wait(timeout=max(0.0, min(delay, next_metrics - time.monotonic())))
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.flush()
                if time.monotonic() >= next_metrics:
                    next_metrics = time.monotonic() + self.settings.metric_interval
                    self.export_metrics()
            except Exception as error:  # noqa: BLE001 - keep the thread alive whatever happens
                self._warn(f"OTLP exporter error: {type(error).__name__}: {error}")
