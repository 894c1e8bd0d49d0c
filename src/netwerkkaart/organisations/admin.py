from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from netwerkkaart.initiatives.models import Partnership

from .models import Organisation


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ("initiative",)
    fields = ("initiative", "role", "since", "until")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "size_class",
        "kvk_number",
        "school_code",
        "city",
        "fictitious",
        "initiative_count",
    )
    list_filter = ("kind", "size_class", "fictitious")
    search_fields = ("name", "slug", "kvk_number", "school_code", "city")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("municipality",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (PartnershipInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        return (
            super()
            .get_queryset(request)
            .annotate(initiative_total=Count("partnerships__initiative", distinct=True))
        )

    @admin.display(description=_("initiatives"), ordering="initiative_total")
    def initiative_count(self, obj: Organisation) -> int:
        return getattr(obj, "initiative_total", 0)
