"""Writing a checked plan; the caller holds the transaction.

``plan_write`` writes in bulk: new organisations and initiatives with ``bulk_create``, changed
initiatives with one ``bulk_update``, the many-to-many rows and partnerships as plain inserts into
their tables, then the search index of every record written in one pass and the result index
marked stale once. It does what the services do per record (``initiative_create``,
``initiative_update``, ``initiative_publish``, ``partnership_add``, ``organisation_create``), with
the same defaults and the same result (``test_bulk_write`` compares the two on one file), in a fixed
number of queries per batch instead of dozens per row: the validation happened in the planning.
``plan_write_per_row`` is the per-record path through the services, kept for that comparison and
the benchmark (``bench/run.py import --per-row``).
"""

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from netwerkkaart.initiatives.choices import PublicationStatus
from netwerkkaart.initiatives.models import Initiative, Partnership
from netwerkkaart.initiatives.result_index import initiative_index_invalidate
from netwerkkaart.initiatives.services import (
    initiative_create,
    initiative_publish,
    initiative_update,
    partnership_add,
)
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.organisations.services import organisation_create
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region, RegionMembership
from netwerkkaart.search.services import search_index_update_many

from .organisation_planning import NewOrganisation
from .planning import Plan


def plan_write_per_row(plan: Plan, tick: Callable[[], None]) -> None:
    created: dict[int, Organisation] = {}

    def organisation_of(new: NewOrganisation) -> Organisation:
        if id(new) not in created:
            created[id(new)] = organisation_create(
                name=new.name,
                kind=new.kind,
                size_class=new.size_class,
                kvk_number=new.kvk_number,
                school_code=new.school_code,
                fictitious=new.fictitious,
            )
        return created[id(new)]

    existing_organisations = {
        organisation.pk: organisation
        for organisation in Organisation.objects.filter(
            pk__in={p.existing.pk for row in plan.rows for p in row.partners if p.existing}
        )
    }
    for row in plan.rows:
        initiative = row.existing
        if initiative is None:
            initiative = initiative_create(name=row.report.name, slug=row.report.slug, **row.fields)
            row.report.slug = initiative.slug
        elif row.fields:
            initiative = initiative_update(initiative=initiative, **row.fields)
        for partner in row.partners:
            if partner.existing is not None:
                organisation = existing_organisations[partner.existing.pk]
            else:
                assert partner.new is not None  # noqa: S101 - a planned partner is one or the other
                organisation = organisation_of(partner.new)
            partnership_add(initiative=initiative, organisation=organisation, role=partner.role)
        if row.publish:
            initiative_publish(initiative=initiative, published_at=row.published_at)
        tick()


BATCH_SIZE = 1000
_RELATIONS = ("regions_served", "goals", "themes", "target_groups", "education_levels", "activities")


def _unique_slug(name: str, taken: set[str], fallback: str, max_length: int) -> str:
    """As the services' slug generators: the slugified name, "-2", "-3", ... on a clash."""
    base = slugify(name)[: max_length - 8].strip("-") or fallback
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    taken.add(slug)
    return slug


class _DefaultRegions:
    """``initiative_default_regions_served`` for many initiatives: one query for all municipalities."""

    def __init__(self) -> None:
        self.by_municipality: dict[int, Region] | None = None

    def of(self, municipality_id: int | None) -> list[Region]:
        if municipality_id is None:
            return []
        if self.by_municipality is None:
            self.by_municipality = {}
            memberships = (
                RegionMembership.objects.filter(parent_kind=RegionKind.LABOUR_MARKET_REGION)
                .select_related("parent")
                .order_by("municipality_id", "-year", "-pk")
            )
            for membership in memberships:
                self.by_municipality.setdefault(membership.municipality_id, membership.parent)
        region = self.by_municipality.get(municipality_id)
        return [region] if region is not None else []


def _organisations_create(plan: Plan) -> dict[int, int]:
    """The new organisations of the plan, in one bulk insert; id(planned) -> pk."""
    new = plan.new_organisations
    if not new:
        return {}
    max_length = Organisation._meta.get_field("slug").max_length or 220
    taken = set(Organisation.objects.values_list("slug", flat=True))
    organisations = []
    for planned in new:
        name = " ".join(planned.name.split())
        organisation = Organisation(
            name=name,
            slug=_unique_slug(name, taken, "organisation", max_length),
            kind=planned.kind,
            size_class=planned.size_class,
            kvk_number=planned.kvk_number.strip(),
            school_code=planned.school_code.strip().upper(),
            fictitious=planned.fictitious,
        )
        # The same validation as organisation_create, without its queries (uniqueness was planned).
        organisation.full_clean(validate_unique=False, validate_constraints=False)
        organisations.append(organisation)
    Organisation.objects.bulk_create(organisations, batch_size=BATCH_SIZE)
    return {id(planned): organisation.pk for planned, organisation in zip(new, organisations, strict=True)}


def plan_write(plan: Plan, tick: Callable[[], None]) -> None:
    """The plan written in bulk (see the module's docstring)."""
    now = timezone.now()
    organisation_pks = _organisations_create(plan)
    defaults = _DefaultRegions()
    slug_length = Initiative._meta.get_field("slug").max_length or 220
    taken: set[str] | None = None
    # Per relation: the initiatives whose rows are replaced, and the rows to insert.
    replaced: dict[str, set[int]] = {name: set() for name in _RELATIONS}
    links: dict[str, list[tuple[int, int]]] = {name: [] for name in _RELATIONS}
    new_rows: list[tuple[Any, Initiative, dict[str, list[Any]]]] = []
    changed: list[Initiative] = []
    changed_fields: set[str] = set()
    for row in plan.rows:
        if row.existing is None:
            scalars = {key: value for key, value in row.fields.items() if key not in _RELATIONS}
            relations = {key: list(value) for key, value in row.fields.items() if key in _RELATIONS}
            name = " ".join(row.report.name.split())
            slug = row.report.slug
            if not slug:
                if taken is None:
                    taken = set(Initiative.objects.values_list("slug", flat=True))
                slug = _unique_slug(name, taken, "initiative", slug_length)
            elif taken is not None:
                taken.add(slug)
            initiative = Initiative(name=name, slug=slug, status=PublicationStatus.DRAFT, **scalars)
            if row.publish:
                initiative.status = PublicationStatus.PUBLISHED
                initiative.published_at = row.published_at or now
            if "regions_served" not in relations:
                relations["regions_served"] = defaults.of(initiative.municipality_id)
            new_rows.append((row, initiative, relations))
            continue
        initiative = row.existing
        scalars = {key: value for key, value in row.fields.items() if key not in _RELATIONS}
        relations = {key: list(value) for key, value in row.fields.items() if key in _RELATIONS}
        old_municipality_id = initiative.municipality_id
        for key, value in scalars.items():
            setattr(initiative, key, value)
        if "name" in scalars:
            initiative.name = " ".join(initiative.name.split())
        if (
            "municipality" in scalars
            and initiative.municipality_id != old_municipality_id
            and "regions_served" not in relations
        ):
            old_default = {region.pk for region in defaults.of(old_municipality_id)}
            if {region.pk for region in initiative.regions_served.all()} == old_default:
                relations["regions_served"] = defaults.of(initiative.municipality_id)
        if row.publish and not (initiative.status == PublicationStatus.PUBLISHED and initiative.published_at):
            initiative.status = PublicationStatus.PUBLISHED
            initiative.published_at = row.published_at or initiative.published_at or now
            scalars.update(status=initiative.status, published_at=initiative.published_at)
        if scalars:
            changed.append(initiative)
            changed_fields.update("municipality" if key == "municipality" else key for key in scalars)
        for name, values in relations.items():
            replaced[name].add(initiative.pk)
            links[name].extend((initiative.pk, value.pk) for value in values)
    created = [initiative for _row, initiative, _relations in new_rows]
    Initiative.objects.bulk_create(created, batch_size=BATCH_SIZE)
    for row, initiative, relations in new_rows:
        row.report.slug = initiative.slug
        for name, values in relations.items():
            links[name].extend((initiative.pk, value.pk) for value in values)
    if changed:
        for initiative in changed:
            initiative.updated_at = now
        Initiative.objects.bulk_update(
            changed, [*sorted(changed_fields), "updated_at"], batch_size=BATCH_SIZE
        )
    for name in _RELATIONS:
        field: Any = Initiative._meta.get_field(name)
        through = field.remote_field.through
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        pks = sorted(replaced[name])
        for start in range(0, len(pks), BATCH_SIZE):
            through.objects.filter(**{f"{source}__in": pks[start : start + BATCH_SIZE]}).delete()
        through.objects.bulk_create(
            [
                through(**{source: initiative_pk, target: pk})
                for initiative_pk, pk in dict.fromkeys(links[name])
            ],
            batch_size=BATCH_SIZE,
        )
    partnerships = []
    for row in plan.rows:
        initiative_pk = row.existing.pk if row.existing is not None else None
        for partner in row.partners:
            organisation_pk = (
                partner.existing.pk if partner.existing is not None else organisation_pks[id(partner.new)]
            )
            partnerships.append((row, initiative_pk, organisation_pk, partner.role))
        tick()
    pk_of_row = {id(row): initiative.pk for row, initiative, _relations in new_rows}
    Partnership.objects.bulk_create(
        [
            Partnership(
                initiative_id=initiative_pk or pk_of_row[id(row)], organisation_id=organisation_pk, role=role
            )
            for row, initiative_pk, organisation_pk, role in partnerships
        ],
        batch_size=BATCH_SIZE,
    )
    written = {initiative.pk for initiative in created} | {
        row.existing.pk for row in plan.rows if row.existing is not None and (row.fields or row.publish)
    }
    search_index_update_many(initiative_ids=written, organisation_ids=set(organisation_pks.values()))
    if written or partnerships or organisation_pks:
        initiative_index_invalidate()
