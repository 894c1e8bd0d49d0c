"""Initiatives (regional public-private partnerships, PPS), their partners, funding and figures."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from netwerkkaart.core.models import Term, TimeStampedModel
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.regions.models import Region

from .choices import FundingSource, InitiativeKind, PartnershipRole, Phase, PublicationStatus

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class Goal(Term):
    class Meta(Term.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")


class Theme(Term):
    class Meta(Term.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class TargetGroup(Term):
    class Meta(Term.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class EducationLevel(Term):
    class Meta(Term.Meta):
        verbose_name = _("education level")
        verbose_name_plural = _("education levels")


class Activity(Term):
    class Meta(Term.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")


class InitiativeQuerySet(models.QuerySet["Initiative"]):
    def published(self) -> "InitiativeQuerySet":
        return self.filter(status=PublicationStatus.PUBLISHED)

    def real(self) -> "InitiativeQuerySet":
        return self.filter(fictitious=False)


class Initiative(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=32, choices=InitiativeKind.choices, default=InitiativeKind.OTHER
    )
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    website = models.URLField(_("website"), blank=True)

    # Main location; further locations are InitiativeLocation rows.
    place = models.CharField(_("place"), max_length=120, blank=True)
    municipality = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("municipality of main location"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    regions_served = models.ManyToManyField(
        Region, blank=True, related_name="initiatives_served", verbose_name=_("regions served")
    )

    goals = models.ManyToManyField(Goal, blank=True, related_name="initiatives", verbose_name=_("goals"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="initiatives", verbose_name=_("themes"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="initiatives", verbose_name=_("target groups")
    )
    education_levels = models.ManyToManyField(
        EducationLevel, blank=True, related_name="initiatives", verbose_name=_("education levels")
    )
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="initiatives", verbose_name=_("activities")
    )

    # Public contact: a generic address; a person only with recorded consent.
    contact_email = models.EmailField(_("public contact e-mail"), blank=True)
    contact_phone = models.CharField(_("public contact phone"), max_length=32, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_person_consent_on = models.DateField(
        _("contact person consented on"),
        null=True,
        blank=True,
        help_text=_("The contact person is only shown when their consent is recorded."),
    )

    status = models.CharField(
        _("publication status"),
        max_length=16,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True, help_text=_("Where these facts come from."))
    source_note = models.TextField(_("note on the source"), blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    fictitious = models.BooleanField(
        _("fictitious"), default=False, help_text=_("Generated demo data, not a real initiative.")
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="initiative_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(contact_person="") | Q(contact_person_consent_on__isnull=False),
                name="initiative_contact_person_needs_consent",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="initiative_status_pub_idx"),
            models.Index(fields=["kind"], name="initiative_kind_idx"),
            models.Index(fields=["phase"], name="initiative_phase_idx"),
            # Covers the map's grid clustering (GROUP BY quantised coordinates of published rows).
            models.Index(fields=["status", "longitude", "latitude", "fictitious"], name="initiative_map_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:initiative-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The end year cannot lie before the start year.")
        if self.contact_person and not self.contact_person_consent_on:
            errors["contact_person_consent_on"] = _(
                "A contact person is personal data: record the date they consented to publication."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def public_contact_person(self) -> str:
        return self.contact_person if self.contact_person_consent_on else ""


class InitiativeLocation(models.Model):
    """A further location of an initiative besides its main one."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="locations", verbose_name=_("initiative")
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    municipality = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("municipality")
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("further location")
        verbose_name_plural = _("further locations")
        ordering = ["place", "name"]

    def __str__(self) -> str:
        return self.name or self.place


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def active_in(self, year: int) -> "PartnershipQuerySet":
        return self.filter(Q(since__isnull=True) | Q(since__lte=year)).filter(
            Q(until__isnull=True) | Q(until__gte=year)
        )


class Partnership(models.Model):
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("initiative"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=24, choices=PartnershipRole.choices)
    since = models.PositiveSmallIntegerField(
        _("since (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    until = models.PositiveSmallIntegerField(
        _("until (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["initiative", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation", "role"], name="partnership_unique_role"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=F("since")),
                name="partnership_until_after_since",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "initiative"], name="partnership_org_init_idx")]

    def __str__(self) -> str:
        return f"{self.organisation} - {self.initiative} ({self.get_role_display()})"


class FundingLine(models.Model):
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="funding_lines",
        verbose_name=_("initiative"),
    )
    source = models.CharField(_("source"), max_length=32, choices=FundingSource.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount_per_year = models.DecimalField(
        _("amount per year (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    start_year = models.PositiveSmallIntegerField(
        _("first year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["initiative", "end_date", "source"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="funding_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} ({self.initiative})"


class YearlyFigure(models.Model):
    """The monitor: one initiative's figures for one year, always with their source."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="yearly_figures",
        verbose_name=_("initiative"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    companies = models.PositiveIntegerField(_("companies involved"), null=True, blank=True)
    smes = models.PositiveIntegerField(_("of which SMEs"), null=True, blank=True)
    students_reached = models.PositiveIntegerField(_("students reached"), null=True, blank=True)
    teachers = models.PositiveIntegerField(_("teachers involved"), null=True, blank=True)
    hybrid_teachers = models.PositiveIntegerField(_("hybrid teachers"), null=True, blank=True)
    postinitial_participants = models.PositiveIntegerField(
        _("participants in post-initial programmes"), null=True, blank=True
    )
    women_share = models.DecimalField(
        _("share of women (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    source = models.CharField(_("source"), max_length=200)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)

    class Meta:
        verbose_name = _("yearly figures")
        verbose_name_plural = _("yearly figures")
        ordering = ["initiative", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "year", "source"], name="figure_unique_per_source"),
            models.CheckConstraint(
                condition=Q(smes__isnull=True) | Q(companies__isnull=True) | Q(smes__lte=F("companies")),
                name="figure_smes_within_companies",
            ),
            models.CheckConstraint(
                condition=Q(women_share__isnull=True) | (Q(women_share__gte=0) & Q(women_share__lte=100)),
                name="figure_women_share_percentage",
            ),
            models.CheckConstraint(condition=~Q(source=""), name="figure_has_source"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} {self.year}"

    def clean(self) -> None:
        if self.smes is not None and self.companies is not None and self.smes > self.companies:
            raise ValidationError({"smes": _("There cannot be more SMEs than companies.")})
