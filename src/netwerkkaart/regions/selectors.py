"""Reads for regions: one answer per question, shared by pages, API and exports.

A municipality can have memberships of several years (one per CBS table); the newest year is the
answer, older ones are history.
"""

import re

from django.db.models import OuterRef, Subquery

from .choices import RegionKind
from .models import Postcode, Region, RegionMembership, RegionQuerySet

# "3011", "3011 AB", " 3011ab ": the four digits decide; letters (PC6) are accepted and dropped.
_POSTCODE_INPUT = re.compile(r"^\s*([1-9]\d{3})\s*(?:[A-Za-z]{2})?\s*$")

# The `DataVersion` key that changes whenever the regions or their memberships do (derived data such
# as the initiative result index depends on them).
REGIONS_DATA_KEY = "regions"


def postcode_normalise(value: str) -> str | None:
    """The PC4 of a Dutch postcode as people type it, or None when it is not one."""
    match = _POSTCODE_INPUT.match(value)
    return match.group(1) if match else None


def region_get_current(*, code: str) -> Region | None:
    """The current region with this CBS code (PV27, AM22, GM0599, NL), in any letter case."""
    return Region.objects.current().filter(code=code.strip().upper()).order_by("-year").first()


def regions_current_of_codes(*, codes: tuple[str, ...] | list[str]) -> list[Region]:
    """The current regions with these CBS codes, by name, without boundaries (one query)."""
    if not codes:
        return []
    return list(Region.objects.current().filter(code__in=codes).defer("boundary").order_by("name"))


def _parent_of(municipality: Region, parent_kind: str) -> Region | None:
    membership = (
        RegionMembership.objects.filter(municipality=municipality, parent_kind=parent_kind)
        .select_related("parent")
        .order_by("-year")
        .first()
    )
    return membership.parent if membership else None


def labour_market_region_of(*, municipality: Region) -> Region | None:
    return _parent_of(municipality, RegionKind.LABOUR_MARKET_REGION)


def province_of(*, municipality: Region) -> Region | None:
    return _parent_of(municipality, RegionKind.PROVINCE)


def municipalities_of(*, region: Region) -> RegionQuerySet:
    """The current municipalities in a labour-market region or province (all of them for the
    country), by name, in one query."""
    municipalities = Region.objects.municipalities()
    if region.kind == RegionKind.COUNTRY:
        return municipalities.order_by("name")
    if region.kind not in (RegionKind.LABOUR_MARKET_REGION, RegionKind.PROVINCE):
        return municipalities.none()
    newest_year = (
        RegionMembership.objects.filter(municipality=OuterRef("pk"), parent_kind=region.kind)
        .order_by("-year")
        .values("year")[:1]
    )
    return (
        municipalities.filter(
            memberships__parent=region,
            memberships__parent_kind=region.kind,
            memberships__year=Subquery(newest_year),
        )
        # One membership per municipality, kind and year (a model constraint): no duplicates.
        .order_by("name")
    )


def postcode_get(*, code: str) -> Postcode | None:
    """The postcode with its municipality, from what people type ("3011", "3011 AB")."""
    normalised = postcode_normalise(code)
    if normalised is None:
        return None
    return Postcode.objects.select_related("municipality").filter(code=normalised).first()


def regions_with_boundaries(*, kind: str) -> RegionQuerySet:
    """The current regions of a kind that have a boundary to draw, by name."""
    return Region.objects.current().of_kind(kind).filter(boundary__isnull=False).order_by("name")
