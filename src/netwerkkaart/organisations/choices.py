from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MBO_SCHOOL = "mbo_school", _("mbo school")
    UNIVERSITY_OF_APPLIED_SCIENCES = (
        "university_of_applied_sciences",
        _("university of applied sciences"),
    )
    UNIVERSITY = "university", _("university")
    SECONDARY_SCHOOL = "secondary_school", _("secondary school")
    COMPANY = "company", _("company")
    GOVERNMENT = "government", _("government")
    SECTOR_ORGANISATION = "sector_organisation", _("sector or employers' organisation")
    KNOWLEDGE_INSTITUTE = "knowledge_institute", _("knowledge institute")
    OTHER = "other", _("other")


class SizeClass(models.TextChoices):
    SME = "sme", _("SME (fewer than 250 employees)")
    LARGE = "large", _("large company")


EDUCATION_KINDS = frozenset(
    {
        OrganisationKind.MBO_SCHOOL,
        OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES,
        OrganisationKind.UNIVERSITY,
        OrganisationKind.SECONDARY_SCHOOL,
    }
)
