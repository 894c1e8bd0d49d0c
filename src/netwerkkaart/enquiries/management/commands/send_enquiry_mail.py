"""Sends the enquiry mails that are due: new ones that failed at once, and retries with backoff."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from netwerkkaart.enquiries.services import enquiry_mails_send_due


class Command(BaseCommand):
    help = "Send enquiry mails that are unsent or failed and due for another attempt (run it from cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="At most this many mails per run.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = enquiry_mails_send_due(limit=options["limit"])
        self.stdout.write(f"Sent {report.sent} enquiry mails; {report.failed} failed and wait for a retry.")
