"""Admin building blocks shared by the domain apps."""

from django.contrib import admin


class TermAdmin(admin.ModelAdmin):
    """Admin for a bilingual taxonomy table that users extend."""

    list_display = ("name_nl", "name_en", "slug", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name_nl", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    ordering = ("position", "name_nl")
