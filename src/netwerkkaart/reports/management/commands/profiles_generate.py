"""Make every region profile ahead of the first visitor (after an import, for instance)."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from netwerkkaart.reports.profiles import FORMATS, profile_file
from netwerkkaart.reports.selectors import profile_regions
from netwerkkaart.reports.services import profile_version


class Command(BaseCommand):
    help = (
        "Makes the profiles of the Netherlands, the provinces and the labour-market regions and keeps them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--formats",
            default=",".join(FORMATS),
            help=f"Comma-separated, from: {', '.join(FORMATS)} (default: all).",
        )
        parser.add_argument(
            "--languages",
            default=",".join(code for code, _name in settings.LANGUAGES),
            help="Comma-separated language codes (default: all of the site's).",
        )
        parser.add_argument(
            "--regions",
            default="",
            help="Comma-separated region codes, such as NL,PV28,AM22 (default: every profile).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        formats = [name.strip() for name in options["formats"].split(",") if name.strip()]
        languages = [code.strip() for code in options["languages"].split(",") if code.strip()]
        unknown = sorted(set(formats) - set(FORMATS))
        if unknown:
            raise CommandError(
                f"Unknown format(s) {', '.join(unknown)}; expected some of {', '.join(FORMATS)}."
            )
        known_languages = {code for code, _name in settings.LANGUAGES}
        if not set(languages) <= known_languages:
            raise CommandError(f"Languages must be some of {', '.join(sorted(known_languages))}.")
        if profile_version() is None:
            self.stderr.write("The data has no version yet: the profiles are made but cannot be kept.")
        regions = profile_regions()
        codes = [code.strip().upper() for code in options["regions"].split(",") if code.strip()]
        if codes:
            unknown = sorted(set(codes) - {region.code for region in regions})
            if unknown:
                raise CommandError(
                    f"No profile for region code(s) {', '.join(unknown)}; expected NL, a province (PV..) "
                    "or a labour-market region (AM..)."
                )
            regions = [region for region in regions if region.code in codes]
        started = time.perf_counter()
        for language in languages:
            with translation.override(language):
                for region in regions:
                    for kind in formats:
                        profile_file(region, kind)
        made = len(regions) * len(languages) * len(formats)
        self.stdout.write(
            f"{len(regions)} profiles, {made} files ({', '.join(formats)}; {', '.join(languages)}) "
            f"in {time.perf_counter() - started:.1f} s."
        )
