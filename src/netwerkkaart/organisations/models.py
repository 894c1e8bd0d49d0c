"""Partner organisations: schools, companies, governments and others."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from netwerkkaart.core.models import TimeStampedModel
from netwerkkaart.regions.models import Region

from .choices import OrganisationKind, SizeClass
from .validators import validate_kvk_number, validate_school_code


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def companies(self) -> "OrganisationQuerySet":
        return self.filter(kind=OrganisationKind.COMPANY)


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(
        _("kind"), max_length=40, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    size_class = models.CharField(
        _("size class"),
        max_length=8,
        choices=SizeClass.choices,
        blank=True,
        help_text=_("For companies only, when known."),
    )
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True, validators=[validate_kvk_number])
    school_code = models.CharField(
        _("school code (BRIN)"), max_length=4, blank=True, validators=[validate_school_code]
    )
    website = models.URLField(_("website"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    municipality = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    fictitious = models.BooleanField(
        _("fictitious"), default=False, help_text=_("Generated demo data, not a real organisation.")
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_number"], condition=~Q(kvk_number=""), name="organisation_kvk_unique"
            ),
            models.UniqueConstraint(
                fields=["school_code"],
                condition=~Q(school_code=""),
                name="organisation_school_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(size_class="") | Q(kind=OrganisationKind.COMPANY),
                name="organisation_size_class_only_for_companies",
            ),
        ]
        indexes = [models.Index(fields=["kind"], name="organisation_kind_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:organisation-detail", kwargs={"slug": self.slug})
