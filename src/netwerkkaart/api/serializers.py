"""How initiatives, organisations, partnerships, regions and taxonomy terms look in the API.

Field names are camelCase in JSON and snake_case in Python: `CamelCaseMixin` renames every field and
keeps the model attribute as its source, so validated input arrives with the services' argument names.
Enumerations keep the stored values (``retraining_programme``), which are also the filter values in
the public pages' URLs. Every initiative, organisation and partnership carries ``fictitious``.
"""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db.models import Model
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import Field

from netwerkkaart.initiatives.choices import InitiativeKind, PartnershipRole, Phase
from netwerkkaart.initiatives.forms import filter_query
from netwerkkaart.initiatives.models import (
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
from netwerkkaart.initiatives.selectors import (
    InitiativeFilterParams,
    OrganisationRole,
    labour_market_regions_of,
    region_filter_params,
)
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.regions.models import Region


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word[:1].upper() + word[1:] for word in rest)


class CamelCaseMixin:
    def get_fields(self) -> dict[str, Field[Any, Any, Any, Any]]:
        fields: dict[str, Field[Any, Any, Any, Any]] = super().get_fields()  # type: ignore[misc]
        renamed = {}
        for name, field in fields.items():
            camel = camel_case(name)
            if camel != name and field.source is None:
                field.source = name
            if isinstance(field, serializers.SerializerMethodField) and field.method_name is None:
                field.method_name = f"get_{name}"
            renamed[camel] = field
        return renamed


def absolute(context: Mapping[str, Any], path: str) -> str:
    request = context["request"]
    url: str = request.build_absolute_uri(path)
    return url


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field[Any, Any, str, Any]):
    """The address of a resource in this API."""

    def __init__(self, view_name: str, lookup: str = "slug", **kwargs: Any) -> None:
        self.view_name, self.lookup = view_name, lookup
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        path = reverse(f"api:{self.view_name}", kwargs={self.lookup: getattr(value, self.lookup)})
        return absolute(self.context, path)


@extend_schema_field(OpenApiTypes.URI)
class WebUrlField(serializers.Field[Any, Any, str, Any]):
    """The address of the public page of a record (in the language of the response)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return absolute(self.context, value.get_absolute_url())


def initiatives_url(context: Mapping[str, Any], params: InitiativeFilterParams) -> str:
    """The API's list of initiatives with a filter state, as the public list's query string has it."""
    query = filter_query(params)
    return absolute(context, reverse("api:initiative-list") + (f"?{query}" if query else ""))


M = TypeVar("M", bound=Model)


class CamelCaseModelSerializer(CamelCaseMixin, serializers.ModelSerializer[M]):
    """A representation for reading: every field is always present (required and read-only in the
    schema)."""

    def get_fields(self) -> dict[str, Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        for field in fields.values():
            field.read_only, field.required = True, False
        return fields


# --- references: the short form of a record inside another -----------------------------------------


class RegionReferenceSerializer(CamelCaseModelSerializer[Region]):
    url = ApiUrlField("region-detail", lookup="code")

    class Meta:
        model = Region
        fields: tuple[str, ...] = ("url", "code", "name", "kind")


class InitiativeReferenceSerializer(CamelCaseModelSerializer[Initiative]):
    url = ApiUrlField("initiative-detail")
    web_url = WebUrlField()

    class Meta:
        model = Initiative
        fields: tuple[str, ...] = ("url", "web_url", "slug", "name", "fictitious")


class OrganisationReferenceSerializer(CamelCaseModelSerializer[Organisation]):
    url = ApiUrlField("organisation-detail")
    web_url = WebUrlField()

    class Meta:
        model = Organisation
        fields: tuple[str, ...] = ("url", "web_url", "slug", "name", "kind", "fictitious")


def _slugs() -> serializers.SlugRelatedField[Any]:
    return serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)


# --- initiatives ------------------------------------------------------------------------------------


class InitiativeSerializer(CamelCaseModelSerializer[Initiative]):
    """An initiative in a list: what a row of the public list shows, and its taxonomy terms."""

    url = ApiUrlField("initiative-detail")
    web_url = WebUrlField()
    municipality = RegionReferenceSerializer(allow_null=True, read_only=True)
    labour_market_regions = serializers.SerializerMethodField()
    goals = _slugs()
    themes = _slugs()
    target_groups = _slugs()
    education_levels = _slugs()

    class Meta:
        model = Initiative
        fields: tuple[str, ...] = (
            "url",
            "web_url",
            "slug",
            "name",
            "summary",
            "kind",
            "phase",
            "start_year",
            "end_year",
            "website",
            "place",
            "municipality",
            "labour_market_regions",
            "latitude",
            "longitude",
            "goals",
            "themes",
            "target_groups",
            "education_levels",
            "fictitious",
            "published_at",
            "updated_at",
        )

    @extend_schema_field(RegionReferenceSerializer(many=True))
    def get_labour_market_regions(self, initiative: Initiative) -> list[dict[str, Any]]:
        regions = labour_market_regions_of(initiative)
        return list(RegionReferenceSerializer(regions, many=True, context=self.context).data)


class LocationSerializer(CamelCaseModelSerializer[InitiativeLocation]):
    municipality = RegionReferenceSerializer(allow_null=True, read_only=True)

    class Meta:
        model = InitiativeLocation
        fields = ("name", "place", "municipality", "latitude", "longitude")


class PartnerSerializer(CamelCaseModelSerializer[Partnership]):
    organisation = OrganisationReferenceSerializer(read_only=True)

    class Meta:
        model = Partnership
        fields = ("organisation", "role", "since", "until")


class FundingLineSerializer(CamelCaseModelSerializer[FundingLine]):
    class Meta:
        model = FundingLine
        fields = ("source", "description", "amount_per_year", "start_year", "end_year", "end_date")


class YearlyFigureSerializer(CamelCaseModelSerializer[YearlyFigure]):
    class Meta:
        model = YearlyFigure
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


class InitiativeDetailSerializer(InitiativeSerializer):
    """One initiative with everything its public page shows."""

    contact_person = serializers.CharField(source="public_contact_person", read_only=True)
    regions_served = RegionReferenceSerializer(many=True, read_only=True)
    activities = _slugs()
    locations = LocationSerializer(many=True, read_only=True)
    partners = PartnerSerializer(source="partnerships", many=True, read_only=True)
    funding_lines = FundingLineSerializer(many=True, read_only=True)
    yearly_figures = YearlyFigureSerializer(many=True, read_only=True)

    class Meta(InitiativeSerializer.Meta):
        fields = (
            *InitiativeSerializer.Meta.fields,
            "description",
            "status",
            "contact_email",
            "contact_phone",
            "contact_person",
            "regions_served",
            "activities",
            "locations",
            "partners",
            "funding_lines",
            "yearly_figures",
            "source",
            "source_note",
            "verified_on",
        )


def _active_terms(model: type[Any]) -> serializers.SlugRelatedField[Any]:
    return serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=model.objects.active()
    )


class InitiativeWriteSerializer(CamelCaseMixin, serializers.Serializer[Any]):
    """What a staff client may set on an initiative; the services validate the rest (``full_clean``).

    Relations are given by their public keys: region codes and term slugs. The slug of a new
    initiative follows from its name and stays when the name changes, so links keep working.
    """

    name = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=InitiativeKind.choices, required=False)
    phase = serializers.ChoiceField(choices=Phase.choices, required=False, allow_blank=True)
    start_year = serializers.IntegerField(min_value=1990, max_value=2100, required=False, allow_null=True)
    end_year = serializers.IntegerField(min_value=1990, max_value=2100, required=False, allow_null=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    place = serializers.CharField(max_length=120, required=False, allow_blank=True)
    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.municipalities(), required=False, allow_null=True
    )
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    longitude = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True)
    contact_email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    contact_person = serializers.CharField(max_length=120, required=False, allow_blank=True)
    contact_person_consent_on = serializers.DateField(required=False, allow_null=True)
    source = serializers.CharField(required=False, allow_blank=True)  # type: ignore[assignment]
    source_note = serializers.CharField(required=False, allow_blank=True)
    verified_on = serializers.DateField(required=False, allow_null=True)
    fictitious = serializers.BooleanField(required=False)
    regions_served = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Region.objects.current()
    )
    goals = _active_terms(Goal)
    themes = _active_terms(Theme)
    target_groups = _active_terms(TargetGroup)
    education_levels = _active_terms(EducationLevel)
    activities = _active_terms(Activity)


# --- organisations and partnerships -----------------------------------------------------------------


class OrganisationSerializer(CamelCaseModelSerializer[Organisation]):
    url = ApiUrlField("organisation-detail")
    web_url = WebUrlField()
    municipality = RegionReferenceSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Organisation
        fields: tuple[str, ...] = (
            "url",
            "web_url",
            "slug",
            "name",
            "kind",
            "size_class",
            "kvk_number",
            "school_code",
            "website",
            "city",
            "municipality",
            "latitude",
            "longitude",
            "fictitious",
            "updated_at",
        )


class OrganisationRoleSerializer(serializers.Serializer[OrganisationRole]):
    initiative = InitiativeReferenceSerializer(read_only=True)
    roles = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=PartnershipRole.choices))
    )
    def get_roles(self, entry: OrganisationRole) -> list[str]:
        return [partnership.role for partnership in entry.roles]


class OrganisationDetailSerializer(OrganisationSerializer):
    """One organisation with the published initiatives it takes part in and its roles there."""

    initiatives = serializers.SerializerMethodField()

    class Meta(OrganisationSerializer.Meta):
        fields = (*OrganisationSerializer.Meta.fields, "initiatives")

    @extend_schema_field(OrganisationRoleSerializer(many=True))
    def get_initiatives(self, organisation: Organisation) -> list[dict[str, Any]]:
        roles = self.context["roles"]
        return list(OrganisationRoleSerializer(roles, many=True, context=self.context).data)


class PartnershipSerializer(CamelCaseModelSerializer[Partnership]):
    """An organisation's role in a published initiative; fictitious when either side is."""

    initiative = InitiativeReferenceSerializer(read_only=True)
    organisation = OrganisationReferenceSerializer(read_only=True)
    fictitious = serializers.SerializerMethodField()

    class Meta:
        model = Partnership
        fields = ("initiative", "organisation", "role", "since", "until", "fictitious")

    def get_fictitious(self, partnership: Partnership) -> bool:
        return partnership.initiative.fictitious or partnership.organisation.fictitious


# --- regions and taxonomies -------------------------------------------------------------------------


class RegionSerializer(CamelCaseModelSerializer[Region]):
    url = ApiUrlField("region-detail", lookup="code")
    web_url = WebUrlField()
    has_boundary = serializers.SerializerMethodField()
    boundary_url = serializers.SerializerMethodField()
    initiatives_url = serializers.SerializerMethodField()

    class Meta:
        model = Region
        fields: tuple[str, ...] = (
            "url",
            "web_url",
            "code",
            "name",
            "kind",
            "year",
            "latitude",
            "longitude",
            "has_boundary",
            "boundary_url",
            "initiatives_url",
        )

    def get_has_boundary(self, region: Region) -> bool:
        known = getattr(region, "shape_known", None)
        return bool(region.boundary) if known is None else bool(known)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_boundary_url(self, region: Region) -> str | None:
        if not self.get_has_boundary(region):
            return None
        return absolute(self.context, reverse("api:region-boundary", kwargs={"code": region.code}))

    @extend_schema_field(OpenApiTypes.URI)
    def get_initiatives_url(self, region: Region) -> str:
        return initiatives_url(self.context, region_filter_params(region=region))


class RegionDetailSerializer(RegionSerializer):
    """One region with the number of published initiatives in it and, for a municipality, its parents."""

    initiative_count = serializers.SerializerMethodField()
    parents = serializers.SerializerMethodField()

    class Meta(RegionSerializer.Meta):
        fields = (*RegionSerializer.Meta.fields, "initiative_count", "parents")

    def get_initiative_count(self, region: Region) -> int:
        count: int = self.context["initiative_count"]
        return count

    @extend_schema_field(RegionReferenceSerializer(many=True))
    def get_parents(self, region: Region) -> list[dict[str, Any]]:
        return list(RegionReferenceSerializer(self.context["parents"], many=True, context=self.context).data)


class TermSerializer(CamelCaseModelSerializer[Any]):
    """A taxonomy term: its slug is the value of its filter in the list of initiatives."""

    initiatives_url = serializers.SerializerMethodField()

    class Meta:
        model = Theme
        fields = ("slug", "name_nl", "name_en", "description_nl", "description_en", "initiatives_url")

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_initiatives_url(self, term: Any) -> str | None:
        facet: str | None = self.context.get("facet")
        if facet is None:
            return None
        chosen: dict[str, Any] = {facet: (term.slug,)}
        return initiatives_url(self.context, InitiativeFilterParams(**chosen))
