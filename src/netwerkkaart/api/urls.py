"""The versioned API, `/api/v1` (not translated: outside i18n_patterns).

Paths have no trailing slash. Every other path under /api/v1 (a trailing slash too) answers a 404
problem, so APPEND_SLASH never redirects here. The resources hang under one ``"/"`` include so that no
route starts with a slash (Django's check urls.W002).
"""

from django.urls import URLPattern, URLResolver, include, path, re_path

from netwerkkaart.indicators.api import views as indicators

from . import initiatives, insights, organisations, regions, taxonomies, views

app_name = "api"
resources: list[URLPattern | URLResolver] = [
    path("openapi.json", views.OpenApiView.as_view(), name="openapi"),
    path("docs", views.docs_page, name="docs"),
    path("initiatives", initiatives.InitiativeListView.as_view(), name="initiative-list"),
    path("initiatives.geojson", initiatives.InitiativeGeoJSONView.as_view(), name="initiative-geojson"),
    path("initiative-facets", initiatives.InitiativeFacetsView.as_view(), name="initiative-facets"),
    path("initiatives/<slug:slug>", initiatives.InitiativeDetailView.as_view(), name="initiative-detail"),
    path(
        "initiatives/<slug:slug>/publish",
        initiatives.InitiativePublishView.as_view(),
        name="initiative-publish",
    ),
    path("organisations", organisations.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisations/<slug:slug>",
        organisations.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path("partnerships", organisations.PartnershipListView.as_view(), name="partnership-list"),
    path("regions", regions.RegionListView.as_view(), name="region-list"),
    re_path(
        rf"^regions/(?P<code>{regions.REGION_CODE_PATTERN})$",
        regions.RegionDetailView.as_view(),
        name="region-detail",
    ),
    re_path(
        rf"^regions/(?P<code>{regions.REGION_CODE_PATTERN})/boundary$",
        regions.RegionBoundaryView.as_view(),
        name="region-boundary",
    ),
    re_path(
        rf"^regions/(?P<code>{regions.REGION_CODE_PATTERN})/figures$",
        indicators.RegionFigureListView.as_view(),
        name="region-figure-list",
    ),
    re_path(
        rf"^regions/(?P<code>{regions.REGION_CODE_PATTERN})/observations$",
        indicators.RegionObservationListView.as_view(),
        name="region-observation-list",
    ),
    path("indicators", indicators.IndicatorListView.as_view(), name="indicator-list"),
    re_path(
        rf"^indicators/(?P<code>{indicators.INDICATOR_CODE_PATTERN})$",
        indicators.IndicatorDetailView.as_view(),
        name="indicator-detail",
    ),
    path(
        "programme-classifications",
        indicators.ProgrammeClassificationListView.as_view(),
        name="programme-classification-list",
    ),
    path("goals", taxonomies.goal_list, name="goal-list"),
    path("themes", taxonomies.theme_list, name="theme-list"),
    path("target-groups", taxonomies.target_group_list, name="target-group-list"),
    path("education-levels", taxonomies.education_level_list, name="education-level-list"),
    path("activities", taxonomies.activity_list, name="activity-list"),
    path("insights/run", insights.InsightRunView.as_view(), name="insight-run"),
    path("insights/regions", insights.RegionCoverageListView.as_view(), name="insight-region-list"),
    re_path(
        r"^insights/regions/(?P<code>[A-Za-z]{2}[0-9]{2})$",
        insights.RegionCoverageDetailView.as_view(),
        name="insight-region-detail",
    ),
    path("insights/overlaps", insights.OverlapPairListView.as_view(), name="insight-overlap-list"),
    path(
        "insights/continuity-risks",
        insights.ContinuityRiskListView.as_view(),
        name="insight-continuity-risk-list",
    ),
    path("insights/national", insights.NationalFiguresView.as_view(), name="insight-national"),
    path(
        "insights/initiatives/<slug:slug>/learn-from",
        insights.LearnFromListView.as_view(),
        name="insight-learn-from-list",
    ),
    re_path(r"", views.NotFoundView.as_view(), name="not-found"),
]
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.RootView.as_view(), name="root"),
    path("/", include(resources)),
]
