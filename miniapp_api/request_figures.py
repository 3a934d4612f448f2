"""How many requests each operation answered, with which status, and how long each took.

Kept as plain numbers and turned into Prometheus metric families only when /metrics is read.
prometheus_client's own Histogram and Counter take a lock per bucket, sum and count on every
observation (4 lock round trips and ~4 µs a request, a tenth of a cached getItem's whole cost);
here a request costs a bisect and three additions. Only the event loop's thread records, so no
lock is needed; the exposition is the same as the library's (names, labels, buckets, `_total`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from prometheus_client import REGISTRY, Histogram
from prometheus_client.metrics_core import (
    CounterMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from prometheus_client.utils import floatToGoString

LATENCY_NAME = "miniapp_http_request_duration_seconds"
LATENCY_HELP = (
    "Time to answer a request, by operationId (route name; 'unmatched' for unknown paths)"
)
ANSWERED_NAME = "miniapp_http_requests"
ANSWERED_HELP = "Requests answered, by operationId and status"
# The library's defaults, so dashboards built on them keep working.
BOUNDS = tuple(float(bound) for bound in Histogram.DEFAULT_BUCKETS if bound != float("inf"))
BOUND_LABELS = (*(floatToGoString(bound) for bound in BOUNDS), "+Inf")


class _Timing:
    __slots__ = ("buckets", "total")

    def __init__(self) -> None:
        # Not cumulative: one count per bucket, the last for beyond every bound.
        self.buckets = [0] * (len(BOUNDS) + 1)
        self.total = 0.0


class RequestFigures(Collector):
    def __init__(self) -> None:
        self._timings: dict[str, _Timing] = {}
        self._answered: dict[tuple[str, str], int] = {}

    def record(self, operation: str, status: str, seconds: float) -> None:
        timing = self._timings.get(operation)
        if timing is None:
            timing = self._timings[operation] = _Timing()
        # A value equal to a bound belongs to that bound's bucket (`le`), as in the library.
        timing.buckets[bisect_left(BOUNDS, seconds)] += 1
        timing.total += seconds
        key = (operation, status)
        self._answered[key] = self._answered.get(key, 0) + 1

    def collect(self) -> Iterator[Metric]:
        latency = HistogramMetricFamily(LATENCY_NAME, LATENCY_HELP, labels=["operation"])
        # Synchronous, on the loop thread that records: nothing changes while this runs.
        for operation, timing in self._timings.items():
            cumulative, buckets = 0, []
            for label, count in zip(BOUND_LABELS, timing.buckets, strict=True):
                cumulative += count
                buckets.append((label, float(cumulative)))
            latency.add_metric([operation], buckets, timing.total)
        yield latency
        answered = CounterMetricFamily(ANSWERED_NAME, ANSWERED_HELP, labels=["operation", "status"])
        for (operation, status), count in self._answered.items():
            answered.add_metric([operation, status], float(count))
        yield answered


FIGURES = RequestFigures()
REGISTRY.register(FIGURES)
