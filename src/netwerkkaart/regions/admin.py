"""Admin for the reference regions. The data comes from ``import_regions``; the admin is for looking
things up and for the occasional correction, so it stays light: boundaries are summarised, never
loaded into a form, and foreign keys use autocomplete."""

from typing import Any

from django.contrib import admin
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .choices import RegionKind
from .models import Postcode, Region, RegionMembership


class MembershipInline(admin.TabularInline):
    model = RegionMembership
    fk_name = "municipality"
    extra = 0
    fields = ("parent_kind", "parent", "year", "source")
    autocomplete_fields = ("parent",)
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[RegionMembership]:
        return super().get_queryset(request).select_related("parent")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "year", "is_current", "boundary_present")
    list_filter = ("kind", "year", "is_current")
    search_fields = ("code", "name")
    ordering = ("kind", "code", "-year")
    fields = (
        "kind",
        "code",
        "name",
        "year",
        "is_current",
        "boundary_summary",
        "latitude",
        "longitude",
        "source",
    )
    readonly_fields = ("boundary_summary",)
    inlines = (MembershipInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Region]:
        # The boundary is the bulk of a row; lists only need to know whether there is one.
        return (
            super()
            .get_queryset(request)
            .defer("boundary")
            .annotate(
                boundary_known=ExpressionWrapper(Q(boundary__isnull=False), output_field=BooleanField())
            )
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Region | None = None) -> Any:
        # Code, kind and year identify the row other records point at; the import owns them.
        if obj is not None:
            return ("kind", "code", "year", *self.readonly_fields)
        return self.readonly_fields

    def get_inlines(self, request: HttpRequest, obj: Region | None) -> Any:
        return self.inlines if obj is not None and obj.kind == RegionKind.MUNICIPALITY else ()

    @admin.display(description=_("boundary"), boolean=True, ordering="boundary_known")
    def boundary_present(self, obj: Region) -> bool:
        return bool(getattr(obj, "boundary_known", False))

    @admin.display(description=_("boundary"))
    def boundary_summary(self, obj: Region) -> str:
        boundary = obj.boundary
        if not boundary:
            return str(_("none"))
        polygons = (
            boundary["coordinates"] if boundary.get("type") == "MultiPolygon" else [boundary["coordinates"]]
        )
        points = sum(len(ring) for polygon in polygons for ring in polygon)
        return str(_("%(type)s: %(polygons)d polygon(s), %(points)d points")) % {
            "type": boundary.get("type", "?"),
            "polygons": len(polygons),
            "points": points,
        }


@admin.register(RegionMembership)
class RegionMembershipAdmin(admin.ModelAdmin):
    list_display = ("municipality", "parent", "parent_kind", "year", "source")
    list_filter = ("parent_kind", "year")
    search_fields = ("municipality__code", "municipality__name", "parent__code", "parent__name")
    list_select_related = ("municipality", "parent")
    autocomplete_fields = ("municipality", "parent")

    def get_queryset(self, request: HttpRequest) -> QuerySet[RegionMembership]:
        return super().get_queryset(request).defer("municipality__boundary", "parent__boundary")


class HasMunicipalityFilter(admin.SimpleListFilter):
    """Postcodes whose centre lies in no current municipality need a look."""

    title = _("municipality")
    parameter_name = "has_municipality"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, Any]]:
        return [("yes", _("with a municipality")), ("no", _("without a municipality"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in ("yes", "no"):
            return queryset.filter(municipality__isnull=self.value() == "no")
        return queryset


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ("code", "place", "kind", "municipality", "latitude", "longitude")
    list_filter = ("kind", HasMunicipalityFilter)
    search_fields = ("code", "place", "municipality__name")
    list_select_related = ("municipality",)
    autocomplete_fields = ("municipality",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Postcode]:
        return super().get_queryset(request).defer("municipality__boundary")
