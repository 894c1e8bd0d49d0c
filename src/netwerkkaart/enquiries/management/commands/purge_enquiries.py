"""Removes the personal data of old enquiries; the anonymous counts of the funnel stay."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from netwerkkaart.enquiries.services import enquiry_purge


class Command(BaseCommand):
    help = (
        "Remove names, e-mail addresses, phone numbers, company details and messages from enquiries "
        "older than the retention period (ENQUIRY_RETENTION_DAYS unless --days is given)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Retention period in days.")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else settings.ENQUIRY_RETENTION_DAYS
        if days < 0:
            raise CommandError(f"--days must be 0 or more, not {days}.")
        count = enquiry_purge(older_than_days=days)
        self.stdout.write(f"Removed the personal data of {count} enquiries older than {days} days.")
