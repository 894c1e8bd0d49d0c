"""Writes for initiatives, their partnerships, funding lines and yearly figures.

Every service validates with ``full_clean()`` before it writes, so the rules in the models (end
after start, contact person only with consent, no more SMEs than companies) hold for every entry
point: pages, API, imports and the demo loader.

Regions served: unless they are given, an initiative serves the labour-market region of the
municipality of its main location. When that municipality changes and the regions served were
still the default, they follow the new municipality.
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from netwerkkaart.organisations.models import Organisation
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.selectors import labour_market_region_of
from netwerkkaart.search.services import search_index_update_initiative

from .choices import PublicationStatus
from .models import (
    Activity,
    EducationLevel,
    FundingLine,
    Goal,
    Initiative,
    Partnership,
    TargetGroup,
    Theme,
    YearlyFigure,
)

SLUG_MAX_LENGTH = Initiative._meta.get_field("slug").max_length or 220


class InitiativeFields(TypedDict, total=False):
    """The optional fields of an initiative that the create and update services accept."""

    summary: str
    description: str
    kind: str
    phase: str
    start_year: int | None
    end_year: int | None
    website: str
    place: str
    municipality: Region | None
    latitude: float | None
    longitude: float | None
    contact_email: str
    contact_phone: str
    contact_person: str
    contact_person_consent_on: date | None
    source: str
    source_note: str
    verified_on: date | None
    fictitious: bool
    regions_served: Iterable[Region]
    goals: Iterable[Goal]
    themes: Iterable[Theme]
    target_groups: Iterable[TargetGroup]
    education_levels: Iterable[EducationLevel]
    activities: Iterable[Activity]


class InitiativeChanges(InitiativeFields, total=False):
    name: str


class _Relations(TypedDict, total=False):
    regions_served: list[Region]
    goals: list[Goal]
    themes: list[Theme]
    target_groups: list[TargetGroup]
    education_levels: list[EducationLevel]
    activities: list[Activity]


_RELATION_NAMES = (
    "regions_served",
    "goals",
    "themes",
    "target_groups",
    "education_levels",
    "activities",
)


def initiative_slug_generate(*, name: str) -> str:
    """A slug for a new initiative, unique among the existing ones ("-2", "-3", ... on a clash)."""
    base = slugify(name)[: SLUG_MAX_LENGTH - 8].strip("-") or "initiative"
    taken = set(Initiative.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def initiative_default_regions_served(*, municipality: Region | None) -> list[Region]:
    """The regions an initiative serves when nobody said otherwise: its labour-market region."""
    if municipality is None:
        return []
    region = labour_market_region_of(municipality=municipality)
    return [region] if region is not None else []


def _split_fields(fields: InitiativeChanges) -> tuple[dict[str, object], _Relations]:
    scalars: dict[str, object] = {}
    relations = _Relations()
    for key, value in fields.items():
        if key in _RELATION_NAMES:
            relations[key] = list(value)  # type: ignore[literal-required,call-overload]
        else:
            scalars[key] = value
    return scalars, relations


def _relations_set(initiative: Initiative, relations: _Relations) -> None:
    if "regions_served" in relations:
        initiative.regions_served.set(relations["regions_served"])
    if "goals" in relations:
        initiative.goals.set(relations["goals"])
    if "themes" in relations:
        initiative.themes.set(relations["themes"])
    if "target_groups" in relations:
        initiative.target_groups.set(relations["target_groups"])
    if "education_levels" in relations:
        initiative.education_levels.set(relations["education_levels"])
    if "activities" in relations:
        initiative.activities.set(relations["activities"])


@transaction.atomic
def initiative_create(*, name: str, slug: str = "", **fields: Unpack[InitiativeFields]) -> Initiative:
    """Create an initiative as a draft; publish it with ``initiative_publish``."""
    scalars, relations = _split_fields(InitiativeChanges(**fields))
    name = " ".join(name.split())
    initiative = Initiative(
        name=name,
        slug=slug or initiative_slug_generate(name=name),
        status=PublicationStatus.DRAFT,
    )
    for key, value in scalars.items():
        setattr(initiative, key, value)
    initiative.full_clean()
    initiative.save()
    if "regions_served" not in relations:
        relations["regions_served"] = initiative_default_regions_served(municipality=initiative.municipality)
    _relations_set(initiative, relations)
    search_index_update_initiative(initiative=initiative)
    return initiative


@transaction.atomic
def initiative_update(*, initiative: Initiative, **changes: Unpack[InitiativeChanges]) -> Initiative:
    """Change the given fields of an initiative; the slug stays, so links keep working."""
    scalars, relations = _split_fields(InitiativeChanges(**changes))
    old_municipality = initiative.municipality
    for key, value in scalars.items():
        setattr(initiative, key, value)
    if "name" in scalars:
        initiative.name = " ".join(initiative.name.split())
    initiative.full_clean()
    initiative.save()

    municipality_changed = "municipality" in scalars and initiative.municipality != old_municipality
    if municipality_changed and "regions_served" not in relations:
        old_default = {r.pk for r in initiative_default_regions_served(municipality=old_municipality)}
        current = set(initiative.regions_served.values_list("pk", flat=True))
        if current == old_default:
            relations["regions_served"] = initiative_default_regions_served(
                municipality=initiative.municipality
            )
    _relations_set(initiative, relations)
    search_index_update_initiative(initiative=initiative)
    return initiative


@transaction.atomic
def initiative_publish(*, initiative: Initiative, published_at: datetime | None = None) -> Initiative:
    """Make an initiative public. Publishing again keeps the first publication moment."""
    initiative.full_clean()
    if initiative.status == PublicationStatus.PUBLISHED and initiative.published_at:
        return initiative
    initiative.status = PublicationStatus.PUBLISHED
    initiative.published_at = published_at or initiative.published_at or timezone.now()
    initiative.save(update_fields=["status", "published_at", "updated_at"])
    search_index_update_initiative(initiative=initiative)
    return initiative


@transaction.atomic
def partnership_add(
    *,
    initiative: Initiative,
    organisation: Organisation,
    role: str,
    since: int | None = None,
    until: int | None = None,
) -> Partnership:
    """Link an organisation to an initiative in a role (once per role)."""
    partnership = Partnership(
        initiative=initiative, organisation=organisation, role=role, since=since, until=until
    )
    partnership.full_clean()
    partnership.save()
    return partnership


@transaction.atomic
def funding_line_add(
    *,
    initiative: Initiative,
    source: str,
    description: str = "",
    amount_per_year: Decimal | int | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    end_date: date | None = None,
) -> FundingLine:
    """Record one source of funding; the end date, when given, must fall in the last year."""
    funding_line = FundingLine(
        initiative=initiative,
        source=source,
        description=description,
        amount_per_year=Decimal(amount_per_year) if amount_per_year is not None else None,
        start_year=start_year,
        end_year=end_year,
        end_date=end_date,
    )
    errors: dict[str, list[ValidationError]] = {}
    if start_year is not None and end_year is not None and end_year < start_year:
        # The check constraint says the same; this message names the field, for forms.
        errors["end_year"] = [ValidationError(_("The last year cannot lie before the first year."))]
    if end_date is not None and start_year is not None and end_date.year < start_year:
        errors["end_date"] = [ValidationError(_("The end date cannot lie before the first year."))]
    elif end_date is not None and end_year is not None and end_date.year != end_year:
        errors["end_date"] = [ValidationError(_("The end date must fall in the last year."))]
    try:
        # Fields that already failed are left out, so a constraint does not repeat the message.
        funding_line.full_clean(exclude=set(errors))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    funding_line.save()
    return funding_line


@transaction.atomic
def yearly_figure_add(
    *,
    initiative: Initiative,
    year: int,
    source: str,
    companies: int | None = None,
    smes: int | None = None,
    students_reached: int | None = None,
    teachers: int | None = None,
    hybrid_teachers: int | None = None,
    postinitial_participants: int | None = None,
    women_share: Decimal | int | None = None,
    reported_on: date | None = None,
) -> YearlyFigure:
    """Record an initiative's figures for one year from one source (figures differ by source)."""
    figure = YearlyFigure(
        initiative=initiative,
        year=year,
        source=source.strip(),
        companies=companies,
        smes=smes,
        students_reached=students_reached,
        teachers=teachers,
        hybrid_teachers=hybrid_teachers,
        postinitial_participants=postinitial_participants,
        women_share=Decimal(women_share) if women_share is not None else None,
        reported_on=reported_on,
    )
    figure.full_clean()
    figure.save()
    return figure
