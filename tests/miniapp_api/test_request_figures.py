"""Request counts and latencies read the same in Prometheus as prometheus_client's own
Histogram and Counter would have written them, bucket bounds included."""

from __future__ import annotations

import re

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from miniapp_api.request_figures import ANSWERED_NAME, LATENCY_NAME, RequestFigures

# On and beside the bounds (a value equal to a bound counts in that bound's bucket), beyond the
# last one, and zero.
SECONDS = [0.0, 0.004, 0.005, 0.0051, 0.1, 0.3, 2.5, 9.99, 10.0, 11.0, 600.0]


def _lines(text: str, name: str) -> list[str]:
    return sorted(
        line
        for line in text.splitlines()
        if line.startswith(name) and not re.match(rf"{name}\w*_created", line)
    )


def test_the_exposition_is_the_librarys() -> None:
    ours = RequestFigures()
    theirs = CollectorRegistry()
    histogram = Histogram(LATENCY_NAME, "h", ["operation"], registry=theirs)
    counter = Counter(ANSWERED_NAME, "c", ["operation", "status"], registry=theirs)
    for n, seconds in enumerate(SECONDS):
        operation, status = ("getItem", "200") if n % 3 else ("createCase", "422")
        ours.record(operation, status, seconds)
        histogram.labels(operation).observe(seconds)
        counter.labels(operation, status).inc()
    registry = CollectorRegistry()
    registry.register(ours)
    mine, library = generate_latest(registry).decode(), generate_latest(theirs).decode()
    for name in (f"{LATENCY_NAME}_bucket", f"{LATENCY_NAME}_count", f"{LATENCY_NAME}_sum"):
        assert _lines(mine, name) == _lines(library, name)
        assert _lines(mine, name)  # there is something to compare
    assert _lines(mine, f"{ANSWERED_NAME}_total") == _lines(library, f"{ANSWERED_NAME}_total")
