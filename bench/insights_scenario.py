"""Scenario `insights`: a full recomputation of the insights (ADR 17) on the bench database.

    .venv/bin/python bench/run.py insights [--repeat N]

Migrates the database first (the insights tables may be newer than the generated data), then runs
`insights_recompute` ``--repeat`` times and prints, per run, the wall-clock time of the phases
(reading the result index, coverage, overlap, continuity, learn from, writing), what was compared and flagged,
and the peak resident memory of the process. Compare databases of 10,000 to 100,000 initiatives
(`generate --initiatives N`) for the growth.
"""

import argparse
import resource
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

CPU: dict[str, float] = {}


@contextmanager
def _timed(phases: dict[str, float], name: str) -> Iterator[None]:
    started, cpu = time.perf_counter(), time.process_time()
    yield
    phases[name] = phases.get(name, 0.0) + time.perf_counter() - started
    CPU[name] = CPU.get(name, 0.0) + time.process_time() - cpu


def _wrap(module: Any, name: str, phases: dict[str, float]) -> None:
    """Times calls of ``module.name`` (a phase of the recomputation) without changing what it does."""
    original: Callable[..., Any] = getattr(module, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        with _timed(phases, name.strip("_")):
            return original(*args, **kwargs)

    setattr(module, name, timed)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py insights", description=__doc__)
    parser.add_argument("--repeat", type=int, default=2, help="Full recomputations to time (default 2).")
    options = parser.parse_args(argv)

    from django.core.management import call_command
    from django.db import connection

    from netwerkkaart.initiatives import result_index
    from netwerkkaart.initiatives.models import Initiative, Partnership
    from netwerkkaart.insights import services
    from netwerkkaart.insights.models import (
        ContinuityRisk,
        LearnFromSuggestion,
        OverlapCluster,
        OverlapPair,
        RegionCoverage,
    )

    call_command("migrate", verbosity=0)
    print(
        f"database: {connection.vendor}, {Initiative.objects.count():,} initiatives, "
        f"{Partnership.objects.count():,} partnerships"
    )
    phases: dict[str, float] = {}
    _wrap(services, "initiative_index", phases)
    for name in (
        "_coverage",
        "_reach",
        "_network",
        "_overlaps",
        "_national",
        "_continuity",
        "_learn_from",
        "_store",
    ):
        _wrap(services, name, phases)
    for attempt in range(1, options.repeat + 1):
        phases.clear()
        CPU.clear()
        # Every run reads the data afresh, as the command in a new process does.
        result_index._current = None
        started, cpu = time.perf_counter(), time.process_time()
        run = services.insights_recompute()
        total, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"run {attempt}: {total:.1f} s in all (CPU of this process {cpu:.1f} s); "
            + ", ".join(f"{name} {seconds:.1f} s (CPU {CPU[name]:.1f} s)" for name, seconds in phases.items())
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"published initiatives {run.initiatives:,}; pairs compared {run.candidate_pairs:,}; "
        f"overlapping pairs {OverlapPair.objects.count():,} in {OverlapCluster.objects.count():,} clusters; "
        f"continuity risks {ContinuityRisk.objects.count():,}; regions {RegionCoverage.objects.count()}; "
        f"learn-from pairs compared {run.learn_from_pairs:,}, suggestions "
        f"{LearnFromSuggestion.objects.count():,} for "
        f"{LearnFromSuggestion.objects.values('initiative').distinct().count():,} initiatives; "
        f"peak memory {peak_mb:,.0f} MB"
    )
    return 0
