"""Indicators as data: what a figure means (Indicator), the figures (Observation), and the ICT
classification of programmes (ProgrammeClassification), applied when figures are read (ADR 14).

An observation is one cell of a source table: one indicator, one region, one year and one combination
of breakdown values. A cell the source suppressed (DUO's "<5") is stored with ``suppressed=True`` and no
value; it is never a number.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from netwerkkaart.regions.models import Region

from .choices import Aggregation, Gender, ProgrammeCategory


def _english() -> bool:
    return (get_language() or "nl").startswith("en")


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    unit_nl = models.CharField(_("unit (Dutch)"), max_length=60, help_text=_("For example: studenten."))
    unit_en = models.CharField(_("unit (English)"), max_length=60, help_text=_("For example: students."))
    definition_nl = models.TextField(_("definition (Dutch)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    source = models.CharField(_("source"), max_length=255)
    licence = models.CharField(_("licence"), max_length=120)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    aggregation = models.CharField(
        _("aggregation"), max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )
    suppression_max = models.PositiveSmallIntegerField(
        _("largest suppressed value"),
        null=True,
        blank=True,
        help_text=_('The largest number a suppressed cell can hide (4 for DUO\'s "<5"); empty if unknown.'),
    )
    decimal_places = models.PositiveSmallIntegerField(_("decimal places shown"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_nl

    @property
    def unit(self) -> str:
        return self.unit_en if _english() else self.unit_nl

    @property
    def definition(self) -> str:
        return self.definition_en if _english() else self.definition_nl


class Observation(models.Model):
    """One cell of a source table. Breakdown fields are "" when the source does not break the figure
    down by that dimension."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations", verbose_name=_("indicator")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="observations", verbose_name=_("region")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=40, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    programme_code = models.CharField(_("programme code (CROHO)"), max_length=12, blank=True)
    institution_code = models.CharField(_("institution code (BRIN)"), max_length=8, blank=True)
    mode = models.CharField(_("mode of study"), max_length=40, blank=True)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)
    suppressed = models.BooleanField(
        _("suppressed"), default=False, help_text=_('The source hides this small number ("<5").')
    )
    source_file = models.CharField(_("source file"), max_length=255)
    source_row = models.PositiveIntegerField(_("source row"))

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["indicator", "region", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "indicator",
                    "region",
                    "year",
                    "level",
                    "gender",
                    "programme_code",
                    "institution_code",
                    "mode",
                ],
                name="observation_one_cell",
            ),
            models.CheckConstraint(
                condition=Q(suppressed=True, value__isnull=True) | Q(suppressed=False, value__isnull=False),
                name="observation_suppressed_has_no_value",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "year", "region"], name="observation_ind_year_region"),
            models.Index(fields=["indicator", "programme_code"], name="observation_ind_programme"),
        ]

    def __str__(self) -> str:
        shown = "<5" if self.suppressed else str(self.value)
        return f"{self.indicator_id} {self.region_id} {self.year}: {shown}"


class ProgrammeClassification(models.Model):
    """The ICT category of a programme, by CROHO code. Read when figures are read: changing a category
    changes every figure at once, without importing again."""

    programme_code = models.CharField(_("programme code (CROHO)"), max_length=12, unique=True)
    name = models.CharField(_("programme name"), max_length=200)
    level = models.CharField(_("level"), max_length=40, blank=True)
    category = models.CharField(
        _("category"), max_length=12, choices=ProgrammeCategory.choices, default=ProgrammeCategory.OTHER
    )
    note = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("programme classification")
        verbose_name_plural = _("programme classifications")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return f"{self.programme_code} {self.name}: {self.get_category_display()}"
