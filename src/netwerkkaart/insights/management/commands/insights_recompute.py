"""manage.py insights_recompute [--if-stale]: computes the insights ahead (ADR 17).

Run by `load_demo`, and by cron (or a systemd timer) with --if-stale every few minutes and once
after midnight (continuity counts months from today); see docs/operations.md.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from netwerkkaart.insights.services import insights_recompute, insights_recompute_if_stale


class Command(BaseCommand):
    help = _("Computes coverage, overlap and continuity insights and stores them.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help=_("Only when the data (or the day) changed since the last computation."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = insights_recompute_if_stale() if options["if_stale"] else insights_recompute()
        if run is None:
            self.stdout.write(_("The insights are current; nothing computed."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Insights computed in %(seconds).1f s: %(initiatives)d published initiatives, "
                    "%(pairs)d pairs compared, %(overlaps)d overlapping pairs, %(risks)d continuity "
                    "risks."
                )
                % {
                    "seconds": run.duration_seconds,
                    "initiatives": run.initiatives,
                    "pairs": run.candidate_pairs,
                    "overlaps": run.overlap_pairs.count(),
                    "risks": run.continuity_risks.count(),
                }
            )
        )
