"""Shared fixtures of the demo tests: the real regions (imported once per module) and snapshots."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction

from netwerkkaart.regions.services import reference_data_import

Snapshot = dict[str, list[dict[str, Any]]]

SNAPSHOT_APPS = ("regions", "organisations", "initiatives")


@pytest.fixture(scope="module")
def real_regions(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The official regions from the reference data, imported once for the module.

    The import runs in a transaction that stays open around the module's tests (each test runs
    in a savepoint inside it, as in Django's ``setUpTestData``) and is rolled back afterwards.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            reference_data_import(data_dir=settings.REFERENCE_DATA_DIR)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _tables() -> list[type[models.Model]]:
    tables: list[type[models.Model]] = []
    for label in SNAPSHOT_APPS:
        for model in apps.get_app_config(label).get_models():
            tables.append(model)
            for relation in model._meta.local_many_to_many:
                if relation.remote_field.through is not None:
                    tables.append(relation.remote_field.through)
    return tables


@pytest.fixture
def database_snapshot() -> Callable[[], Snapshot]:
    """Every row of the regions, organisations and initiatives tables, to compare before/after."""

    def take() -> Snapshot:
        return {
            model._meta.db_table: list(model._default_manager.order_by("pk").values()) for model in _tables()
        }

    return take
