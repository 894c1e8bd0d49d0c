"""Marks the indicators' data once, so that region profiles (which read it) may be cached before the
first import: a profile's version needs a token for every key it reads (ADR 15)."""

import uuid

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

KEY = "indicators"


def mark(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    DataVersion = apps.get_model("core", "DataVersion")
    DataVersion.objects.get_or_create(key=KEY, defaults={"token": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_data_version"),
        ("indicators", "0001_indicators_observations_classification"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
