"""Writes the OpenAPI document to docs/api/openapi.json, or checks that the committed one is current."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from netwerkkaart.api.schema import COMMITTED_SCHEMA, schema_build, schema_text


class Command(BaseCommand):
    help = "Generate the API's OpenAPI document (docs/api/openapi.json); --check only compares."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=COMMITTED_SCHEMA, help="Where the document lives.")
        parser.add_argument(
            "--check", action="store_true", help="Fail when the file differs from the generated document."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        text = schema_text(schema_build())
        if options["check"]:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is out of date: run `manage.py api_schema` and commit it.")
            self.stdout.write(f"{path} is current.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
