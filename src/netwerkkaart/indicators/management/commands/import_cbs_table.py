"""Import a CBS StatLine table through its declarative mapping (indicators.cbs.MAPPINGS or a JSON file).

    manage.py import_cbs_table TABLE_ID [--csv FILE] [--mapping MAPPING.json]

Without ``--csv`` the table is downloaded from CBS's OData service with ``cbsodata`` (needs internet);
with it, the same table saved as CSV (the TypedDataSet's columns, keys not titles) is read. The whole
table is checked first; on any problem nothing is written and every problem is printed.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from netwerkkaart.core.errors import DataImportError
from netwerkkaart.indicators.cbs import cbs_online_rows, mapping_get
from netwerkkaart.indicators.services import cbs_csv_rows, cbs_table_import


class Command(BaseCommand):
    help = "Import a CBS StatLine table (online through cbsodata, or saved as CSV) into indicators."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("table_id", help="The CBS table, for example 70072ned.")
        parser.add_argument("--csv", type=Path, help="The table saved as CSV instead of downloading it.")
        parser.add_argument("--mapping", type=Path, help="A JSON mapping instead of the built-in one.")

    def handle(self, *args: Any, **options: Any) -> None:
        table_id: str = options["table_id"]
        csv_path: Path | None = options["csv"]
        try:
            mapping = mapping_get(table_id, options["mapping"])
            if csv_path is not None:
                columns, rows = cbs_csv_rows(csv_path.read_text(encoding="utf-8-sig"))
                file_name = csv_path.name
            else:
                columns, rows = cbs_online_rows(table_id)
                file_name = f"CBS {table_id}"
            report, read = cbs_table_import(mapping=mapping, columns=columns, rows=rows, file_name=file_name)
        except DataImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(error.problems)} problem(s): nothing was imported.") from error
        except OSError as error:
            raise CommandError(f"The table cannot be read: {error}") from error
        self.stdout.write(str(report))
        self.stdout.write(
            f"Skipped: {read.skipped_regions} rows of other region kinds, {read.skipped_periods} of other "
            f"periods, {read.skipped_rows} outside the mapping's filters."
        )
