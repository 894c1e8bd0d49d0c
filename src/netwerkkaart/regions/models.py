"""Official CBS regions (provinces, labour-market regions, municipalities) per year, and PC4 postcodes.

A region set belongs to a year: boundaries and memberships change, so a set of another year is stored
beside the current one. Geometry is kept as simplified GeoJSON (see docs/adr/0003-region-model.md).
"""

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import PostcodeKind, RegionKind


class RegionQuerySet(models.QuerySet["Region"]):
    def current(self) -> "RegionQuerySet":
        return self.filter(is_current=True)

    def of_kind(self, kind: str) -> "RegionQuerySet":
        return self.filter(kind=kind)

    def provinces(self) -> "RegionQuerySet":
        return self.current().of_kind(RegionKind.PROVINCE)

    def labour_market_regions(self) -> "RegionQuerySet":
        return self.current().of_kind(RegionKind.LABOUR_MARKET_REGION)

    def municipalities(self) -> "RegionQuerySet":
        return self.current().of_kind(RegionKind.MUNICIPALITY)


class Region(models.Model):
    kind = models.CharField(_("kind"), max_length=24, choices=RegionKind.choices)
    code = models.CharField(_("CBS code"), max_length=8, help_text=_("For example PV27, AM22 or GM0599."))
    name = models.CharField(_("name"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year of the region set"))
    is_current = models.BooleanField(
        _("current"), default=True, help_text=_("Whether this is the newest set of its kind.")
    )
    boundary = models.JSONField(
        _("simplified boundary"), null=True, blank=True, help_text=_("GeoJSON geometry, WGS84.")
    )
    latitude = models.FloatField(_("latitude of centre"), null=True, blank=True)
    longitude = models.FloatField(_("longitude of centre"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["kind", "code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="region_code_year_unique"),
        ]
        indexes = [models.Index(fields=["kind", "is_current"], name="region_kind_current_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("web:region-detail", kwargs={"code": self.code})

    @property
    def has_boundary(self) -> bool:
        return bool(self.boundary)

    def boundary_feature(self) -> dict[str, Any] | None:
        if not self.boundary:
            return None
        return {
            "type": "Feature",
            "geometry": self.boundary,
            "properties": {"code": self.code, "name": self.name, "kind": self.kind},
        }


class RegionMembership(models.Model):
    """A municipality's membership of a labour-market region or a province, per year."""

    municipality = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("municipality"),
        limit_choices_to={"kind": RegionKind.MUNICIPALITY},
    )
    parent = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="member_links",
        verbose_name=_("parent region"),
    )
    parent_kind = models.CharField(_("parent kind"), max_length=24, choices=RegionKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("region membership")
        verbose_name_plural = _("region memberships")
        ordering = ["municipality__code", "parent_kind", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "parent_kind", "year"],
                name="membership_one_parent_per_kind_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.code} -> {self.parent.code} ({self.year})"


class Postcode(models.Model):
    """A four-digit postcode (PC4) with its centre point and its current municipality."""

    code = models.CharField(_("postcode"), max_length=4, primary_key=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    kind = models.CharField(
        _("kind"), max_length=16, choices=PostcodeKind.choices, default=PostcodeKind.UNKNOWN
    )
    municipality = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postcodes",
        verbose_name=_("municipality"),
    )
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code
