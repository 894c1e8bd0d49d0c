"""Rebuild the search index from scratch:

    manage.py rebuild_search_index [--batch-size N]

Runs in one transaction: on any problem the old index stays as it was. On PostgreSQL the index
tables are then vacuumed and analysed, so that ranking reads the indexes alone from the start.
"""

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from netwerkkaart.search.services import DEFAULT_BATCH_SIZE, search_index_rebuild, search_index_vacuum


class Command(BaseCommand):
    help = "Rebuild the search index of initiatives and organisations from scratch."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            metavar="N",
            help=f"Records read and written at a time (default {DEFAULT_BATCH_SIZE}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size: int = options["batch_size"]
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        started = time.perf_counter()

        def progress(kind: str, done: int, total: int) -> None:
            self.stdout.write(f"  {kind}: {done:,} / {total:,} ({time.perf_counter() - started:.1f} s)")

        stats = search_index_rebuild(batch_size=batch_size, progress=progress)
        if search_index_vacuum():
            self.stdout.write("  vacuumed and analysed the index tables")
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt in {time.perf_counter() - started:.1f} s: "
                f"{stats.documents:,} documents, {stats.tokens:,} words, "
                f"{stats.postings:,} postings, {stats.token_keys:,} lookup keys."
            )
        )
