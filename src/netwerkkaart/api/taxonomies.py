"""The taxonomies users extend: goals, themes, target groups, education levels and activities."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from netwerkkaart.core.models import Term
from netwerkkaart.initiatives.models import Activity, EducationLevel, Goal, TargetGroup, Theme

from .base import ApiViewMixin
from .serializers import TermSerializer


class TermListView(ApiViewMixin, generics.GenericAPIView[Any]):
    """The active terms of one taxonomy, in their order on the site."""

    serializer_class = TermSerializer
    model: type[Term]
    # The attribute of `InitiativeFilterParams` that filters on this taxonomy (None: not a filter).
    facet: str | None = None

    def get_queryset(self) -> Any:
        return self.model.objects.active().order_by("position", "name_nl", "pk")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "facet": self.facet}

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def term_list_view(model: type[Term], facet: str | None, operation_id: str, summary: Any) -> Any:
    """A list view per taxonomy, each with its own documented operation."""

    @extend_schema(
        operation_id=operation_id, summary=summary, responses=TermSerializer(many=True), tags=["taxonomies"]
    )
    def get(self: TermListView, request: Request) -> Response:
        return TermListView.get(self, request)

    attributes = {"model": model, "facet": facet, "get": get}
    view: type[TermListView] = type(f"{model.__name__}ListView", (TermListView,), attributes)
    return view.as_view()


goal_list = term_list_view(Goal, "goals", "goalList", _("Goals of initiatives"))
theme_list = term_list_view(Theme, "themes", "themeList", _("Themes of initiatives"))
target_group_list = term_list_view(
    TargetGroup, "target_groups", "targetGroupList", _("Target groups of initiatives")
)
education_level_list = term_list_view(
    EducationLevel, "education_levels", "educationLevelList", _("Education levels of initiatives")
)
activity_list = term_list_view(Activity, None, "activityList", _("Activities of initiatives"))
