"""Timing helpers shared by the benchmark scenarios."""

import time
from collections.abc import Callable, Sequence


def percentile(values: Sequence[float], fraction: float) -> float:
    """The value at ``fraction`` (0..1) of the sorted values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def time_ms(function: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds per call over ``repeat`` calls, after one warm-up call (caches, query plans)."""
    function()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return timings
