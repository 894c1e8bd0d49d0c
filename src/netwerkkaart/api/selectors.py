"""Reads the API needs beyond the domain apps' selectors: stable orders for paging and the relations a
page of results shows, each in a fixed number of queries.

TODO(lead): these belong in the domain apps' selectors (organisations, initiatives, regions) once the
API is reviewed; they are here only because this change stays within the api app.
"""

from collections.abc import Sequence

from django.db.models import BooleanField, ExpressionWrapper, Q, prefetch_related_objects

from netwerkkaart.initiatives.models import Initiative, Partnership, PartnershipQuerySet
from netwerkkaart.organisations.models import OrganisationQuerySet
from netwerkkaart.organisations.selectors import organisation_list
from netwerkkaart.regions.models import Region, RegionQuerySet

# The taxonomy terms a row of the initiative list shows (as slugs).
INITIATIVE_TERMS = ("goals", "themes", "target_groups", "education_levels")


def initiative_terms_prefetch(initiatives: Sequence[Initiative]) -> None:
    """Loads the terms of a page of initiatives: one query per taxonomy, whatever the page size."""
    prefetch_related_objects(list(initiatives), *INITIATIVE_TERMS)


def organisation_list_paged(*, kinds: Sequence[str] = ()) -> OrganisationQuerySet:
    """All organisations by name, then id (a total order, so pages never overlap)."""
    queryset = organisation_list()
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    return queryset.order_by("name", "pk")


def partnership_list_published(
    *, initiative: str = "", organisation: str = "", roles: Sequence[str] = ()
) -> PartnershipQuerySet:
    """The partnerships of published initiatives, by id, with both sides loaded (one query a page)."""
    queryset = Partnership.objects.filter(initiative__in=Initiative.objects.published())
    if initiative:
        queryset = queryset.filter(initiative__slug=initiative)
    if organisation:
        queryset = queryset.filter(organisation__slug=organisation)
    if roles:
        queryset = queryset.filter(role__in=roles)
    return (
        queryset.select_related("initiative", "organisation")
        .only(
            "role",
            "since",
            "until",
            "initiative__slug",
            "initiative__name",
            "initiative__fictitious",
            "organisation__slug",
            "organisation__name",
            "organisation__kind",
            "organisation__fictitious",
        )
        .order_by("pk")
    )


def region_list_current(*, kinds: Sequence[str] = ()) -> RegionQuerySet:
    """The current regions by kind and code, without their boundaries (only whether they have one)."""
    queryset = Region.objects.current()
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    return (
        queryset.defer("boundary")
        .annotate(shape_known=ExpressionWrapper(Q(boundary__isnull=False), output_field=BooleanField()))
        .order_by("kind", "code", "pk")
    )
