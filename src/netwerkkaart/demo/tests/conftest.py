"""Shared fixtures of the demo tests: the real regions (imported once per module) and snapshots."""

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.db import models

Snapshot = dict[str, list[dict[str, Any]]]

SNAPSHOT_APPS = ("regions", "organisations", "initiatives")


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
