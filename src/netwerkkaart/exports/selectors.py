"""Reads for the exports: the rows of each data set for one selection of initiatives, in batches.

The selection is the public list's (`initiative_select`), so a download holds exactly the rows of the
list it was made from, in its order. Rows are read `BATCH_SIZE` initiatives at a time with a fixed
number of queries per batch (never per row), as plain values rather than model instances: an export
of 100,000 initiatives and their 1,000,000 partnerships keeps one batch in memory at a time.

Every order is total and independent of the database's collation (ties end on a slug or the list's
own order), so the same data give the same file, byte for byte, on SQLite and PostgreSQL alike.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.functions import Collate

from netwerkkaart.initiatives.choices import PartnershipRole
from netwerkkaart.initiatives.models import (
    Activity,
    EducationLevel,
    Goal,
    Initiative,
    Partnership,
    TargetGroup,
    Theme,
    YearlyFigure,
)
from netwerkkaart.initiatives.selectors import InitiativeSelection
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import RegionMembership
from netwerkkaart.search.analysis import sort_name

# A cell as the writers take it; None is an empty cell.
Cell = str | int | float | Decimal | bool | date | None
Row = tuple[Cell, ...]

BATCH_SIZE = 2000

# The many-to-many columns of an initiative, as (column, taxonomy); each is one query per batch.
TERM_COLUMNS: tuple[tuple[str, type[Goal | Theme | TargetGroup | EducationLevel | Activity]], ...] = (
    ("goals", Goal),
    ("themes", Theme),
    ("target_groups", TargetGroup),
    ("education_levels", EducationLevel),
    ("activities", Activity),
)
ROLES: tuple[str, ...] = tuple(role.value for role in PartnershipRole)
_ROLE_ORDER = {role: position for position, role in enumerate(ROLES)}
# Code-point order on both databases (as the search does), so organisations come out the same anywhere.
_BINARY_COLLATIONS = {"postgresql": "C", "sqlite": "BINARY"}
LIST_SEPARATOR = "; "


def _batches(selection: InitiativeSelection, size: int | None) -> Iterator[list[int]]:
    """The ids of the selected initiatives in the list's order, ``size`` (default `BATCH_SIZE`) at a time:
    slices of the list's lazy results."""
    ids = selection.results.ids
    size = size or BATCH_SIZE
    for start in range(0, len(ids), size):
        yield [int(pk) for pk in ids[start : start + size]]


def list_cell(items: Iterable[str]) -> str:
    """Several values in one cell (docs/data/export-format.md): ``; `` between, a ``;`` inside doubled."""
    return LIST_SEPARATOR.join(item.replace(";", ";;") for item in items)


def organisation_label(name: str, kvk_number: str, school_code: str) -> str:
    """An organisation in a list cell: its name, with its KvK number and BRIN code when known."""
    identifiers = [f"KvK {kvk_number}"] * bool(kvk_number) + [f"BRIN {school_code}"] * bool(school_code)
    return f"{name} [{', '.join(identifiers)}]" if identifiers else name


OrganisationKey = Callable[[str, str, str], tuple[str, str, str, str]]


def _organisation_key() -> OrganisationKey:
    """How organisations are ordered within an initiative: folded name, name, KvK number, BRIN code.

    One per export: names repeat across initiatives, so each is folded once (within a bounded cache
    that goes when the export ends)."""
    folded = lru_cache(maxsize=20_000)(sort_name)

    def key(name: str, kvk_number: str, school_code: str) -> tuple[str, str, str, str]:
        return (folded(name), name, kvk_number, school_code)

    return key


def _of_batch(ids: list[int]) -> QuerySet[Initiative, Any]:
    """The batch's initiatives, to filter related tables with as a subquery rather than a list of ids:
    Django prepares each value of a foreign key's ``__in`` list through the relation, several times
    slower than for a primary key."""
    return Initiative.objects.filter(pk__in=ids).values("pk")


def _labour_market_regions_by_municipality() -> dict[int, set[str]]:
    """Each municipality's current labour-market region, as `labour_market_regions_of` reads it."""
    links = RegionMembership.objects.filter(
        parent_kind=RegionKind.LABOUR_MARKET_REGION, parent__is_current=True
    ).values_list("municipality_id", "parent__code")
    found: dict[int, set[str]] = defaultdict(set)
    for municipality_id, code in links:
        found[municipality_id].add(code)
    return found


_INITIATIVE_FIELDS = (
    "pk",
    "slug",
    "name",
    "fictitious",
    "summary",
    "description",
    "kind",
    "phase",
    "start_year",
    "end_year",
    "website",
    "place",
    "municipality_id",
    "municipality__code",
    "latitude",
    "longitude",
    "contact_email",
    "contact_phone",
    "contact_person",
    "contact_person_consent_on",
    "source",
    "source_note",
    "verified_on",
)


def initiative_rows(*, selection: InitiativeSelection, batch_size: int | None = None) -> Iterator[Row]:
    """The initiatives file: one row per selected initiative, with its terms, regions and partners.

    Queries: one for the municipalities' labour-market regions, then eight per batch (initiatives,
    five taxonomies, regions served, partnerships).
    """
    labour_market_regions = _labour_market_regions_by_municipality()
    organisation_key = _organisation_key()
    for ids in _batches(selection, batch_size):
        found = {
            row[0]: row for row in Initiative.objects.filter(pk__in=ids).values_list(*_INITIATIVE_FIELDS)
        }
        batch = _of_batch(ids)
        terms: dict[str, dict[int, list[str]]] = {}
        for column, model in TERM_COLUMNS:
            through: Any = Initiative._meta.get_field(column).remote_field.through  # type: ignore[union-attr]
            pairs = through.objects.filter(initiative__in=batch).values_list(
                "initiative_id", f"{model._meta.model_name}__slug"
            )
            terms[column] = _grouped(pairs)
        served: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for initiative_id, code, kind in Initiative.regions_served.through.objects.filter(
            initiative__in=batch
        ).values_list("initiative_id", "region__code", "region__kind"):
            served[initiative_id].append((code, kind))
        partners: dict[tuple[int, str], list[tuple[str, str, str]]] = defaultdict(list)
        for initiative_id, role, name, kvk_number, school_code in Partnership.objects.filter(
            initiative__in=batch
        ).values_list(
            "initiative_id",
            "role",
            "organisation__name",
            "organisation__kvk_number",
            "organisation__school_code",
        ):
            partners[(initiative_id, role)].append((name, kvk_number, school_code))
        for pk in ids:
            row = found.get(pk)
            if row is None:  # deleted since the list was selected
                continue
            yield _initiative_row(row, terms, served[pk], partners, labour_market_regions, organisation_key)


def _grouped(pairs: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _initiative_row(
    row: tuple[Any, ...],
    terms: dict[str, dict[int, list[str]]],
    served: list[tuple[str, str]],
    partners: dict[tuple[int, str], list[tuple[str, str, str]]],
    labour_market_regions: dict[int, set[str]],
    organisation_key: OrganisationKey,
) -> Row:
    (
        pk,
        slug,
        name,
        fictitious,
        summary,
        description,
        kind,
        phase,
        start_year,
        end_year,
        website,
        place,
        municipality_id,
        municipality_code,
        latitude,
        longitude,
        contact_email,
        contact_phone,
        contact_person,
        consent_on,
        source,
        source_note,
        verified_on,
    ) = row
    # Personal data: a contact person only with their recorded consent (the model's rule, kept here
    # too so that a row that slipped past the check constraint still does not leak).
    if consent_on is None:
        contact_person = ""
    regions_in = {code for code, kind in served if kind == RegionKind.LABOUR_MARKET_REGION}
    if municipality_id is not None:
        regions_in |= labour_market_regions.get(municipality_id, set())
    partner_cells = tuple(
        list_cell(
            organisation_label(*organisation)
            for organisation in sorted(partners.get((pk, role), []), key=lambda item: organisation_key(*item))
        )
        for role in ROLES
    )
    return (
        slug,
        name,
        fictitious,
        summary,
        description,
        kind,
        phase,
        start_year,
        end_year,
        website,
        place,
        municipality_code,
        latitude,
        longitude,
        list_cell(sorted(regions_in)),
        list_cell(sorted(code for code, _kind in served)),
        *(list_cell(sorted(terms[column].get(pk, []))) for column, _model in TERM_COLUMNS),
        *partner_cells,
        contact_email,
        contact_phone,
        contact_person,
        consent_on if contact_person else None,
        source,
        source_note,
        verified_on,
    )


def _initiative_keys(ids: list[int]) -> dict[int, tuple[str, str, bool]]:
    """Slug, name and fictitious flag of the initiatives of a batch (one query)."""
    return {
        pk: (slug, name, fictitious)
        for pk, slug, name, fictitious in Initiative.objects.filter(pk__in=ids).values_list(
            "pk", "slug", "name", "fictitious"
        )
    }


def partnership_rows(*, selection: InitiativeSelection, batch_size: int | None = None) -> Iterator[Row]:
    """The partnerships of the selected initiatives: two queries per batch of initiatives."""
    organisation_key = _organisation_key()
    for ids in _batches(selection, batch_size):
        initiatives = _initiative_keys(ids)
        by_initiative: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for row in Partnership.objects.filter(initiative__in=_of_batch(ids)).values_list(
            "initiative_id",
            "role",
            "organisation__name",
            "organisation__kvk_number",
            "organisation__school_code",
            "organisation__slug",
            "since",
            "until",
            "organisation__fictitious",
        ):
            by_initiative[row[0]].append(row[1:])
        for pk in ids:
            if pk not in initiatives:
                continue
            slug, name, fictitious = initiatives[pk]
            ordered = sorted(
                by_initiative.get(pk, []),
                key=lambda item: (
                    _ROLE_ORDER.get(item[0], len(ROLES)),
                    *organisation_key(*item[1:4]),
                    item[4],
                ),
            )
            for role, org_name, _kvk, _school, org_slug, since, until, org_fictitious in ordered:
                yield (slug, name, org_slug, org_name, role, since, until, fictitious or org_fictitious)


def yearly_figure_rows(*, selection: InitiativeSelection, batch_size: int | None = None) -> Iterator[Row]:
    """The yearly figures of the selected initiatives, oldest year first: two queries per batch."""
    fields = (
        "initiative_id",
        "year",
        "source",
        "companies",
        "smes",
        "students_reached",
        "teachers",
        "hybrid_teachers",
        "postinitial_participants",
        "women_share",
        "reported_on",
    )
    for ids in _batches(selection, batch_size):
        initiatives = _initiative_keys(ids)
        by_initiative: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for row in YearlyFigure.objects.filter(initiative__in=_of_batch(ids)).values_list(*fields):
            by_initiative[row[0]].append(row[1:])
        for pk in ids:
            if pk not in initiatives:
                continue
            slug, name, fictitious = initiatives[pk]
            for figure in sorted(by_initiative.get(pk, []), key=lambda item: (item[0], item[1])):
                yield (slug, name, *figure, fictitious)


_ORGANISATION_FIELDS = (
    "slug",
    "name",
    "fictitious",
    "kind",
    "size_class",
    "kvk_number",
    "school_code",
    "website",
    "city",
    "municipality__code",
    "pk",
)


def _by_slug() -> Collate | F:
    collation = _BINARY_COLLATIONS.get(connection.vendor)
    return Collate(F("slug"), collation) if collation else F("slug")


def organisation_rows(*, selection: InitiativeSelection, batch_size: int | None = None) -> Iterator[Row]:
    """The organisations that are partners in the selected initiatives, by slug, each with the number
    of those initiatives. Which ones, and how often, comes from the result index (no query); a small
    set is then one query, a large one is ordered in one pass over the organisations' ids and read
    in batches."""
    batch_size = batch_size or BATCH_SIZE
    column = selection.index.columns["partners"]
    counted = column.count_array(selection.matching())
    positions = np.flatnonzero(counted)
    counts = {int(column.keys[position]): int(counted[position]) for position in positions}
    if not counts:
        return
    if len(counts) <= batch_size:
        ordered = list(counts)
    else:
        every = Organisation.objects.order_by(_by_slug()).values_list("pk", flat=True)
        everyone = np.fromiter(every.iterator(chunk_size=10 * batch_size), dtype=np.int64)
        chosen = np.fromiter(counts, dtype=np.int64, count=len(counts))
        ordered = [int(pk) for pk in everyone[np.isin(everyone, chosen)]]
    for start in range(0, len(ordered), batch_size):
        batch = ordered[start : start + batch_size]
        rows = (
            Organisation.objects.filter(pk__in=batch).order_by(_by_slug()).values_list(*_ORGANISATION_FIELDS)
        )
        for row in rows:
            yield (*row[:-1], counts[row[-1]])
