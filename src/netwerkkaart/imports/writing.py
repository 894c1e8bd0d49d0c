"""Writing a checked plan through the domain services; the caller holds the transaction."""

from collections.abc import Callable

from netwerkkaart.initiatives.services import (
    initiative_create,
    initiative_publish,
    initiative_update,
    partnership_add,
)
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.organisations.services import organisation_create

from .organisation_planning import NewOrganisation
from .planning import Plan


def plan_write(plan: Plan, tick: Callable[[], None]) -> None:
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
