"""Fixtures of the import tests: a few real regions, and a snapshot of every table an import may
write, to assert that a refused or repeated import leaves the database as it was."""

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.db import models

from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.tests.factories import RegionFactory, RegionMembershipFactory

Snapshot = dict[str, list[dict[str, Any]]]
SNAPSHOT_APPS = ("organisations", "initiatives", "search", "core")


def _tables() -> list[type[models.Model]]:
    tables: list[type[models.Model]] = []
    for label in SNAPSHOT_APPS:
        for model in apps.get_app_config(label).get_models():
            tables.append(model)
            for relation in model._meta.local_many_to_many:
                through = relation.remote_field.through
                if through is not None and through not in tables:
                    tables.append(through)
    return tables


@pytest.fixture
def database_snapshot() -> Callable[[], Snapshot]:
    """Every row of the organisations, initiatives, search and core tables."""

    def take() -> Snapshot:
        return {
            model._meta.db_table: list(model._default_manager.order_by("pk").values()) for model in _tables()
        }

    return take


def _region(**fields: Any) -> Region:
    return RegionFactory.create(**fields)


@pytest.fixture
def regions(db: None) -> dict[str, Region]:
    """Two municipalities in their labour-market regions, a province, and two Bergens."""
    made = [
        _region(kind=RegionKind.LABOUR_MARKET_REGION, code="AM22", name="Rijnmond"),
        _region(kind=RegionKind.LABOUR_MARKET_REGION, code="AM18", name="Groot Amsterdam"),
        _region(kind=RegionKind.PROVINCE, code="PV28", name="Zuid-Holland"),
        _region(code="GM0599", name="Rotterdam", latitude=51.92, longitude=4.48),
        _region(code="GM0363", name="Amsterdam", latitude=52.37, longitude=4.9),
        _region(code="GM0518", name="'s-Gravenhage", latitude=52.07, longitude=4.3),
        _region(code="GM0373", name="Bergen (NH.)", latitude=52.67, longitude=4.7),
        _region(code="GM0893", name="Bergen (L.)", latitude=51.6, longitude=6.05),
    ]
    by_code = {region.code: region for region in made}
    RegionMembershipFactory.create(municipality=by_code["GM0599"], parent=by_code["AM22"])
    RegionMembershipFactory.create(municipality=by_code["GM0363"], parent=by_code["AM18"])
    RegionMembershipFactory.create(municipality=by_code["GM0599"], parent=by_code["PV28"])
    return by_code


@pytest.fixture
def existing(regions: dict[str, Region]) -> dict[str, Any]:
    """Organisations and an initiative already in the database, created through the services."""
    from netwerkkaart.initiatives.services import initiative_create, initiative_publish, partnership_add
    from netwerkkaart.organisations.services import organisation_create

    roc = organisation_create(name="ROC van Amsterdam", kind="mbo_school", school_code="25LH")
    port = organisation_create(name="Havenbedrijf Rotterdam N.V.", kind="company", kvk_number="24354561")
    hva = organisation_create(name="Hogeschool van Amsterdam", kind="university_of_applied_sciences")
    initiative = initiative_create(
        name="Make IT Work", slug="make-it-work", municipality=regions["GM0363"], start_year=2015
    )
    partnership_add(initiative=initiative, organisation=hva, role="lead_applicant")
    initiative_publish(initiative=initiative)
    return {"roc": roc, "port": port, "hva": hva, "initiative": initiative}
