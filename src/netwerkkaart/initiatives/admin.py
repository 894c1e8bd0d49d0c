from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from netwerkkaart.core.admin import TermAdmin

from .models import (
    Activity,
    EducationLevel,
    FundingLine,
    Goal,
    Initiative,
    InitiativeLocation,
    Partnership,
    TargetGroup,
    Theme,
    YearlyFigure,
)

for term_model in (Goal, Theme, TargetGroup, EducationLevel, Activity):
    admin.site.register(term_model, TermAdmin)


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ("organisation",)
    fields = ("organisation", "role", "since", "until")


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0
    fields = ("source", "description", "amount_per_year", "start_year", "end_year", "end_date")


class YearlyFigureInline(admin.TabularInline):
    model = YearlyFigure
    extra = 0
    fields = (
        "year",
        "companies",
        "smes",
        "students_reached",
        "teachers",
        "hybrid_teachers",
        "postinitial_participants",
        "women_share",
        "source",
        "reported_on",
    )


class InitiativeLocationInline(admin.TabularInline):
    model = InitiativeLocation
    extra = 0
    autocomplete_fields = ("municipality",)


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "phase",
        "place",
        "status",
        "fictitious",
        "partner_count",
        "verified_on",
    )
    list_filter = ("status", "fictitious", "kind", "phase", "goals", "themes", "target_groups")
    search_fields = ("name", "slug", "summary", "place")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("municipality", "regions_served")
    filter_horizontal = ("goals", "themes", "target_groups", "education_levels", "activities")
    readonly_fields = ("created_at", "updated_at", "published_at")
    date_hierarchy = "created_at"
    inlines = (PartnershipInline, FundingLineInline, YearlyFigureInline, InitiativeLocationInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "summary", "description", "kind", "phase", "website")}),
        (_("Period"), {"fields": ("start_year", "end_year")}),
        (
            _("Location"),
            {"fields": ("place", "municipality", "latitude", "longitude", "regions_served")},
        ),
        (
            _("Classification"),
            {"fields": ("goals", "themes", "target_groups", "education_levels", "activities")},
        ),
        (
            _("Public contact"),
            {
                "fields": (
                    "contact_email",
                    "contact_phone",
                    "contact_person",
                    "contact_person_consent_on",
                )
            },
        ),
        (
            _("Publication and provenance"),
            {
                "fields": (
                    "status",
                    "fictitious",
                    "source",
                    "source_note",
                    "verified_on",
                    "published_at",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Initiative]:
        return super().get_queryset(request).annotate(partner_total=Count("partnerships", distinct=True))

    @admin.display(description=_("partners"), ordering="partner_total")
    def partner_count(self, obj: Initiative) -> int:
        return getattr(obj, "partner_total", 0)


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ("initiative", "organisation", "role", "since", "until")
    list_filter = ("role",)
    search_fields = ("initiative__name", "organisation__name")
    autocomplete_fields = ("initiative", "organisation")
    list_select_related = ("initiative", "organisation")


@admin.register(FundingLine)
class FundingLineAdmin(admin.ModelAdmin):
    list_display = ("initiative", "source", "amount_per_year", "start_year", "end_year", "end_date")
    list_filter = ("source",)
    search_fields = ("initiative__name", "description")
    autocomplete_fields = ("initiative",)
    list_select_related = ("initiative",)


@admin.register(YearlyFigure)
class YearlyFigureAdmin(admin.ModelAdmin):
    list_display = ("initiative", "year", "companies", "smes", "students_reached", "source")
    list_filter = ("year",)
    search_fields = ("initiative__name", "source")
    autocomplete_fields = ("initiative",)
    list_select_related = ("initiative",)
