"""Fixtures of the indicator tests: the real regions and the real DUO file, imported once per module."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction

from netwerkkaart.indicators.records import ImportReport
from netwerkkaart.indicators.services import duo_hbo_import
from netwerkkaart.regions.services import reference_data_import

DUO_FILE = "education/duo_ingeschrevenen_hbo_2020-2024.csv"
DATA = Path(__file__).parent / "data"


def shared_file(relative: str) -> Path:
    path = Path(settings.REFERENCE_DATA_DIR) / relative
    if not path.is_file():
        pytest.fail(f"{path} is missing; set NETWERKKAART_DATA_DIR to the shared data folder.", pytrace=False)
    return path


def duo_text() -> str:
    return shared_file(DUO_FILE).read_bytes().decode("utf-8-sig")  # keeps DUO's CRLF


@pytest.fixture(scope="module")
def duo_imported(django_db_setup: None, django_db_blocker: Any) -> Iterator[ImportReport]:
    """The real regions and the real DUO file, imported once for the module in a transaction that
    stays open around its tests (each test runs in a savepoint) and is rolled back afterwards."""
    shared_file("reference/gemeente_2025.geojson")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            reference_data_import(data_dir=Path(settings.REFERENCE_DATA_DIR))
            yield duo_hbo_import(text=duo_text(), file_name="duo_ingeschrevenen_hbo_2020-2024.csv")
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
