"""Load the demo data: the real initiatives from the facts file, plus fictitious ones on request.

    manage.py load_demo [--facts PATH | --no-facts] [--synthetic N] [--seed S]

Without --facts the file in the reference data folder is used when it is there. Regions must be
imported first (``import_regions``). Everything happens in one transaction: on any problem the
database stays as it was and the command exits non-zero, listing every problem.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from netwerkkaart.core.errors import DataImportError
from netwerkkaart.demo.facts import facts_default_path, facts_load, facts_real_name_keys
from netwerkkaart.demo.synthetic import SyntheticDataError, synthetic_generate


class Command(BaseCommand):
    help = "Load the real ICT PPS facts and, optionally, N deterministic fictitious initiatives."

    def add_arguments(self, parser: ArgumentParser) -> None:
        facts = parser.add_mutually_exclusive_group()
        facts.add_argument(
            "--facts",
            type=Path,
            help="CSV file with the real initiatives (default: pps/ict_pps_facts.csv in the "
            "reference data folder, when present).",
        )
        facts.add_argument("--no-facts", action="store_true", help="Do not load the real facts.")
        parser.add_argument(
            "--synthetic",
            type=int,
            default=0,
            metavar="N",
            help="Add N fictitious initiatives (default 0).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, metavar="S", help="Seed of the fictitious data (default 1)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["synthetic"]
        seed: int = options["seed"]
        if count < 0:
            raise CommandError(_("--synthetic must be 0 or more."))
        if seed < 0:
            raise CommandError(_("--seed must be 0 or more."))
        path: Path | None = Path(options["facts"]) if options["facts"] else None
        if path is None and not options["no_facts"]:
            default = facts_default_path(Path(settings.REFERENCE_DATA_DIR))
            path = default if default.exists() else None

        try:
            with transaction.atomic():
                exclude: frozenset[str] = frozenset()
                if path is not None:
                    report = facts_load(path=path)
                    exclude = facts_real_name_keys(path=path)
                    self.stdout.write(
                        _(
                            "Real initiatives from %(path)s: %(created)d created, %(kept)d already "
                            "present; %(organisations)d organisations and %(partnerships)d "
                            "partnerships created."
                        )
                        % {
                            "path": path,
                            "created": len(report.created),
                            "kept": len(report.kept),
                            "organisations": report.organisations_created,
                            "partnerships": report.partnerships_created,
                        }
                    )
                else:
                    self.stdout.write(_("No facts file: real initiatives skipped."))
                if count:
                    synthetic = synthetic_generate(count=count, seed=seed, exclude_names=exclude)
                    self.stdout.write(
                        _(
                            "Fictitious initiatives (seed %(seed)d): %(created)d created, "
                            "%(existing)d already present, spread over %(regions)d labour-market "
                            "regions (%(where)s); %(organisations)d organisations, "
                            "%(partnerships)d partnerships, %(funding)d funding lines and "
                            "%(figures)d yearly figures created."
                        )
                        % {
                            "seed": seed,
                            "created": synthetic.initiatives_created,
                            "existing": synthetic.initiatives_existing,
                            "regions": synthetic.regions,
                            "where": _("in municipalities")
                            if synthetic.with_municipalities
                            else _("without municipalities"),
                            "organisations": synthetic.organisations_created,
                            "partnerships": synthetic.partnerships_created,
                            "funding": synthetic.funding_lines_created,
                            "figures": synthetic.yearly_figures_created,
                        }
                    )
        except DataImportError as error:
            lines = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(
                _("The demo data was not loaded; nothing was changed. Problems:\n%(problems)s")
                % {"problems": lines}
            ) from error
        except SyntheticDataError as error:
            raise CommandError(
                _("%(error)s Import the regions first (manage.py import_regions).") % {"error": error}
            ) from error
        # Pages read the insights computed ahead (ADR 17): compute them for the data just loaded.
        call_command("insights_recompute", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))
