"""Organisations and partnerships (an organisation's role in a published initiative)."""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from netwerkkaart.initiatives.choices import PartnershipRole
from netwerkkaart.initiatives.models import Partnership
from netwerkkaart.initiatives.selectors import initiative_roles_of_organisation
from netwerkkaart.organisations.choices import OrganisationKind
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.organisations.selectors import organisation_get

from .base import ApiViewMixin, query_choices, query_slug
from .selectors import organisation_list_paged, partnership_list_published
from .serializers import OrganisationDetailSerializer, OrganisationSerializer, PartnershipSerializer

_SLUG_SCHEMA = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"}


def _choices_parameter(name: str, choices: Sequence[tuple[str, Any]], description: Any) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        type={"type": "array", "items": {"type": "string", "enum": [value for value, _label in choices]}},
        location=OpenApiParameter.QUERY,
        description=description,
        explode=True,
        style="form",
    )


class OrganisationListView(ApiViewMixin, generics.GenericAPIView[Organisation]):
    queryset = Organisation.objects.none()
    serializer_class = OrganisationSerializer

    @extend_schema(
        operation_id="organisationList",
        summary=_("Partner organisations: schools, companies, governments and others, by name"),
        parameters=[
            _choices_parameter(
                "kind", OrganisationKind.choices, _("Kind of organisation; several: any of them.")
            )
        ],
        responses=OrganisationSerializer(many=True),
        tags=["organisations"],
    )
    def get(self, request: Request) -> Response:
        kinds = query_choices(request, "kind", OrganisationKind.choices)
        page = self.paginate_queryset(organisation_list_paged(kinds=kinds))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class OrganisationDetailView(ApiViewMixin, generics.GenericAPIView[Organisation]):
    queryset = Organisation.objects.none()
    serializer_class = OrganisationDetailSerializer

    @extend_schema(
        operation_id="organisationRetrieve",
        summary=_("One organisation with the published initiatives it takes part in"),
        tags=["organisations"],
    )
    def get(self, request: Request, slug: str) -> Response:
        organisation = organisation_get(slug=slug)
        if organisation is None:
            raise NotFound(_("No organisation has this slug."))
        context = {
            "request": request,
            "roles": initiative_roles_of_organisation(organisation=organisation),
        }
        return Response(OrganisationDetailSerializer(organisation, context=context).data)


class PartnershipListView(ApiViewMixin, generics.GenericAPIView[Partnership]):
    queryset = Partnership.objects.none()
    serializer_class = PartnershipSerializer

    @extend_schema(
        operation_id="partnershipList",
        summary=_("Who takes part in which published initiative, in which role"),
        parameters=[
            OpenApiParameter(
                "initiative",
                type=_SLUG_SCHEMA,
                location=OpenApiParameter.QUERY,
                description=_("Only the partnerships of this initiative (slug)."),
            ),
            OpenApiParameter(
                "organisation",
                type=_SLUG_SCHEMA,
                location=OpenApiParameter.QUERY,
                description=_("Only the partnerships of this organisation (slug)."),
            ),
            _choices_parameter(
                "role", PartnershipRole.choices, _("Role in the initiative; several: any of them.")
            ),
        ],
        responses=PartnershipSerializer(many=True),
        tags=["organisations"],
    )
    def get(self, request: Request) -> Response:
        queryset = partnership_list_published(
            initiative=query_slug(request, "initiative"),
            organisation=query_slug(request, "organisation"),
            roles=query_choices(request, "role", PartnershipRole.choices),
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
