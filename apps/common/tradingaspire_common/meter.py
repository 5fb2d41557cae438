"""A registry of metric instruments, read by the OTLP exporter every OTEL_METRIC_EXPORT_INTERVAL."""
import threading

from .instrument import COUNTER, DURATION_BUCKETS, GAUGE, HISTOGRAM, Instrument


class Meter:
    """Creates instruments by name (asking twice for a name returns the same instrument). `name` becomes the OTLP
    instrumentation scope (the dashboard's meter name)."""

    def __init__(self, name: str = "tradingaspire"):
        self.name = name
        self._lock = threading.Lock()
        self._instruments: dict[str, Instrument] = {}

    def counter(self, name: str, unit: str = "", description: str = "") -> Instrument:
        return self._get(COUNTER, name, unit, description)

    def gauge(self, name: str, unit: str = "", description: str = "") -> Instrument:
        return self._get(GAUGE, name, unit, description)

    def histogram(self, name: str, unit: str = "", description: str = "", boundaries=DURATION_BUCKETS) -> Instrument:
        return self._get(HISTOGRAM, name, unit, description, boundaries)

    def instruments(self) -> list[Instrument]:
        with self._lock:
            return list(self._instruments.values())

    def _get(self, kind, name, unit, description, boundaries=DURATION_BUCKETS) -> Instrument:
        with self._lock:
            instrument = self._instruments.get(name)
            if instrument is None:
                instrument = self._instruments[name] = Instrument(kind, name, unit, description, boundaries)
            elif instrument.kind != kind:
                raise ValueError(f"metric '{name}' exists already as a {instrument.kind}, not a {kind}")
            return instrument
