"""One metric instrument with cumulative aggregation per attribute set (thread-safe)."""
import threading
import time
from bisect import bisect_left

COUNTER, GAUGE, HISTOGRAM = "counter", "gauge", "histogram"
# OpenTelemetry semantic conventions' advice for http.server.request.duration (seconds).
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0)


class Instrument:
    """A counter (monotonic cumulative sum), a gauge (last value) or a histogram (cumulative count, sum, min, max and
    bucket counts over `boundaries`). Values are numbers in `unit` (UCUM, e.g. "s", "{request}"); attributes are a
    flat dict of str/int/float/bool. `points()` snapshots one point per attribute set seen since the start."""

    def __init__(self, kind: str, name: str, unit: str = "", description: str = "", boundaries=DURATION_BUCKETS):
        self.kind, self.name, self.unit, self.description = kind, name, unit, description
        self.boundaries = tuple(boundaries)
        self.start_ns = time.time_ns()
        self._lock = threading.Lock()
        self._points: dict[tuple, dict] = {}

    def add(self, value: float = 1, attributes: dict | None = None) -> None:
        """Counter: adds a non-negative value (negative values are ignored, a counter only grows)."""
        if value < 0:
            return
        with self._lock:
            point = self._point(attributes, lambda: {"value": 0})
            point["value"] += value

    def set(self, value: float, attributes: dict | None = None) -> None:
        """Gauge: the current value."""
        with self._lock:
            self._point(attributes, lambda: {"value": 0})["value"] = value

    def record(self, value: float, attributes: dict | None = None) -> None:
        """Histogram: one measurement."""
        with self._lock:
            point = self._point(attributes, lambda: {"count": 0, "sum": 0.0, "min": value, "max": value,
                                                     "buckets": [0] * (len(self.boundaries) + 1)})
            point["count"] += 1
            point["sum"] += value
            point["min"] = min(point["min"], value)
            point["max"] = max(point["max"], value)
            # Bucket i holds boundaries[i-1] < value <= boundaries[i] (OTLP explicit bucket rule).
            point["buckets"][bisect_left(self.boundaries, value)] += 1

    def points(self) -> list[tuple[dict, dict]]:
        """[(attributes, copy of the point)] at this moment."""
        with self._lock:
            return [(dict(key), {k: (list(v) if isinstance(v, list) else v) for k, v in point.items()})
                    for key, point in self._points.items()]

    def _point(self, attributes: dict | None, new) -> dict:
        key = tuple(sorted((attributes or {}).items()))
        point = self._points.get(key)
        if point is None:
            point = self._points[key] = new()
        return point
