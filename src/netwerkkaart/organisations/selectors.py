"""Reads of organisations for pages, the API and exports."""

from .models import Organisation, OrganisationQuerySet


def organisation_list() -> OrganisationQuerySet:
    return (
        Organisation.objects.select_related("municipality").defer("municipality__boundary").order_by("name")
    )


def organisation_get(*, slug: str) -> Organisation | None:
    """One organisation with its municipality, or None."""
    return organisation_list().filter(slug=slug).first()
