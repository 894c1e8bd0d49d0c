"""Benchmark data: fill a database with many fictitious initiatives, using the demo generator.

Called through ``bench/run.py generate`` after Django is set up. Uses exactly the generator of
``manage.py load_demo --synthetic`` (``netwerkkaart.demo.synthetic``), so what is measured here
is what the demo loads, only more of it.
"""

import argparse
import resource
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Model

from netwerkkaart.demo.facts import facts_default_path, facts_real_name_keys
from netwerkkaart.demo.synthetic import synthetic_generate
from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.services import fallback_regions_ensure, reference_data_import

APP_LABELS = ("regions", "organisations", "initiatives")


@dataclass(frozen=True)
class TableCount:
    table: str
    rows: int


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--initiatives", type=int, default=100_000, help="Number of initiatives (default 100000)."
    )
    parser.add_argument(
        "--partnerships",
        type=int,
        default=1_000_000,
        help="Total number of partnerships (default 1000000; exact for an even --initiatives).",
    )
    parser.add_argument("--seed", type=int, default=1, help="Seed of the generator (default 1).")
    parser.add_argument("--batch-size", type=int, default=2000, help="Initiatives per batch (default 2000).")
    parser.add_argument(
        "--reset",
        action="store_true",
        help="Empty the benchmark database first (only for a database whose name contains 'bench').",
    )


def database_description() -> str:
    db = settings.DATABASES["default"]
    return f"{connection.vendor} {db.get('NAME')}"


def database_reset() -> None:
    name = str(settings.DATABASES["default"].get("NAME", ""))
    if "bench" not in Path(name).name:
        raise SystemExit(f"--reset refused: '{name}' does not look like a benchmark database.")
    if connection.vendor == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    else:
        raise SystemExit(f"--reset is not supported on {connection.vendor}.")


def database_size() -> int:
    if connection.vendor == "sqlite":
        name = str(settings.DATABASES["default"]["NAME"])
        return sum(
            Path(f"{name}{suffix}").stat().st_size
            for suffix in ("", "-wal")
            if Path(f"{name}{suffix}").exists()
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            row = cursor.fetchone()
        return int(row[0]) if row else 0
    return 0


def table_counts() -> list[TableCount]:
    counts: list[TableCount] = []
    seen: set[str] = set()
    for label in APP_LABELS:
        for model in apps.get_app_config(label).get_models():
            tables: list[type[Model]] = [model]
            for relation in model._meta.local_many_to_many:
                if relation.remote_field.through is not None:
                    tables.append(relation.remote_field.through)
            for table_model in tables:
                table = table_model._meta.db_table
                if table in seen:
                    continue
                seen.add(table)
                counts.append(TableCount(table, table_model._default_manager.count()))
    return counts


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def _peak_memory() -> str:
    # ru_maxrss is in kilobytes on Linux.
    return _megabytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1000)


def generate(options: argparse.Namespace) -> int:
    if options.initiatives <= 0 or options.partnerships < 2 * options.initiatives:
        raise SystemExit("Ask for at least 1 initiative and 2 partnerships per initiative.")
    print(f"Database: {database_description()}")
    if options.reset:
        database_reset()
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    print(f"Migrated in {migrated - started:.1f} s")

    if Initiative.objects.exists() and not options.reset:
        print("Note: the database already holds initiatives; missing ones are added.")
    data_dir = Path(settings.REFERENCE_DATA_DIR)
    if not Region.objects.labour_market_regions().exists():
        if (data_dir / "reference").is_dir():
            reference_data_import(data_dir=data_dir)
        else:
            fallback_regions_ensure()
    regions_done = time.perf_counter()
    print(f"Regions ready in {regions_done - migrated:.1f} s")

    facts = facts_default_path(data_dir)
    exclude = facts_real_name_keys(path=facts) if facts.exists() else frozenset()
    per_initiative = options.partnerships / options.initiatives
    last_report = [time.perf_counter()]
    cpu_started = time.process_time()

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if done == total or now - last_report[0] >= 10:
            last_report[0] = now
            print(f"  {done:>9,} / {total:,} initiatives, {now - regions_done:7.1f} s")

    report = synthetic_generate(
        count=options.initiatives,
        seed=options.seed,
        partnerships_per_initiative=per_initiative,
        exclude_names=exclude,
        batch_size=options.batch_size,
        progress=progress,
    )
    generated = time.perf_counter()
    cpu = time.process_time() - cpu_started
    elapsed = generated - regions_done
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print()
    print(
        f"Generated in {elapsed:.1f} s ({report.rows_created / elapsed:,.0f} rows/s); "
        f"CPU time of this process {cpu:.1f} s (SQLite works inside it, PostgreSQL does not)"
    )
    print(
        f"Created: {report.initiatives_created:,} initiatives, "
        f"{report.organisations_created:,} organisations, "
        f"{report.partnerships_created:,} partnerships, "
        f"{report.funding_lines_created:,} funding lines, "
        f"{report.yearly_figures_created:,} yearly figures, "
        f"{report.relation_rows_created:,} many-to-many rows "
        f"({report.initiatives_existing:,} initiatives were already there)"
    )
    print(f"Peak memory of this process: {_peak_memory()}")
    print(f"Database size: {_megabytes(database_size())}")
    print()
    print("| table | rows |")
    print("|---|---:|")
    for count in table_counts():
        print(f"| {count.table} | {count.rows:,} |")
    return 0


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py generate")
    add_arguments(parser)
    return generate(parser.parse_args(argv))
