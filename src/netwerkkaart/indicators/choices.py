from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeCategory(models.TextChoices):
    """The ICT category of a programme (CROHO code); see docs/data/programme-classification.md."""

    HARD_ICT = "hard_ict", _("hard ICT")
    HYBRID_ICT = "hybrid_ict", _("hybrid ICT")
    OTHER = "other", _("other")


class Gender(models.TextChoices):
    FEMALE = "female", _("women")
    MALE = "male", _("men")
    UNKNOWN = "unknown", _("unknown")


class Aggregation(models.TextChoices):
    """How figures of municipalities add up to a larger region."""

    SUM = "sum", _("sum of the municipalities")
    NONE = "none", _("not additive (only figures published for the region itself)")
