"""Enquiries in the admin: read-only records, and the mails that are not sent (yet) with a retry."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .choices import DeliveryState
from .models import Enquiry, EnquiryMail
from .services import enquiry_mails_retry_now


class NotSentFilter(admin.SimpleListFilter):
    """Opens on the mails that need attention: not sent yet or failed."""

    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("all", _("All")), ("sent", _("Sent"))]

    def choices(self, changelist: Any) -> Any:
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Not sent or failed"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[EnquiryMail]) -> QuerySet[EnquiryMail]:
        if self.value() == "all":
            return queryset
        if self.value() == "sent":
            return queryset.filter(state=DeliveryState.SENT)
        return queryset.exclude(state=DeliveryState.SENT)


@admin.register(EnquiryMail)
class EnquiryMailAdmin(admin.ModelAdmin[EnquiryMail]):
    list_display = (
        "enquiry",
        "kind",
        "state",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "last_error",
    )
    list_filter = (NotSentFilter, "kind")
    list_select_related = ("enquiry",)
    readonly_fields = [field.name for field in EnquiryMail._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Send the selected mails again at the next run"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[EnquiryMail]) -> None:
        count = enquiry_mails_retry_now(mail_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d mail will be sent again.", "%(count)d mails will be sent again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class EnquiryMailInline(admin.TabularInline[EnquiryMail, Enquiry]):
    model = EnquiryMail
    extra = 0
    can_delete = False
    fields = ("kind", "recipient", "state", "attempts", "last_error", "next_attempt_at", "sent_at")
    readonly_fields = fields


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin[Enquiry]):
    list_display = (
        "pk",
        "created_at",
        "initiative",
        "labour_market_region",
        "need",
        "status",
        "via_coordinators",
    )
    list_filter = ("status", "need", "via_coordinators", "labour_market_region")
    list_select_related = ("initiative", "labour_market_region")
    readonly_fields = [field.name for field in Enquiry._meta.fields]
    inlines = [EnquiryMailInline]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
