"""Fixtures of the region tests: the real reference data, imported once per module, and snapshots."""

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import models, transaction

from netwerkkaart.regions.models import Postcode, Region, RegionMembership
from netwerkkaart.regions.services import ReferenceImportReport, reference_data_import

Snapshot = dict[str, list[dict[str, Any]]]


def reference_data_dir() -> Path:
    """The shipped official data. Missing data is a failure: these tests exist to run on it."""
    folder = Path(settings.REFERENCE_DATA_DIR)
    if not (folder / "reference").is_dir() or not (folder / "postcode").is_dir():
        pytest.fail(
            f"The reference data folder {folder} (with reference/ and postcode/) is missing; "
            "set NETWERKKAART_DATA_DIR to the shared data folder.",
            pytrace=False,
        )
    return folder


@pytest.fixture(scope="module")
def real_import(django_db_setup: None, django_db_blocker: Any) -> Iterator[ReferenceImportReport]:
    """The real reference data, imported once for the module.

    The import runs in a transaction that stays open around the module's tests (each test runs
    in a savepoint inside it, as in Django's ``setUpTestData``) and is rolled back afterwards.
    """
    folder = reference_data_dir()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield reference_data_import(data_dir=folder)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def snapshot_take() -> Snapshot:
    """Every row of the region tables, to prove an import changed nothing."""
    tables: tuple[type[models.Model], ...] = (Region, RegionMembership, Postcode)
    return {model._meta.db_table: list(model._default_manager.order_by("pk").values()) for model in tables}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data folder (reference/ and postcode/ only)."""
    source = reference_data_dir()
    target = tmp_path / "data"
    for folder in ("reference", "postcode"):
        shutil.copytree(source / folder, target / folder)
    return target


@pytest.fixture
def snapshot() -> Callable[[], Snapshot]:
    return snapshot_take
