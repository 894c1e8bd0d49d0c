"""Public pages. Dutch paths in both languages: English is the same path under /en/ (ADR 4).

Reserved for later issues, do not reuse these paths:
    /kaart                    the full map of initiatives
    /zoeken?q=                search
    /vind-een-samenwerking    "find a partnership" for companies (served by the enquiries app, ADR 16)
    /inzichten                insights: coverage, overlap, scale, continuity
    /api/v1/...               the versioned API (not translated, outside i18n_patterns)
"""

from django.urls import URLPattern, path

from . import views, views_map, views_search

app_name = "web"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("initiatieven", views_search.initiative_list, name="initiative-list"),
    path("initiatieven/<slug:slug>", views.initiative_detail, name="initiative-detail"),
    path("organisaties/<slug:slug>", views.organisation_detail, name="organisation-detail"),
    path("regio", views.region_list, name="region-list"),
    path(
        "regio/arbeidsmarktregios.geojson",
        views.labour_market_region_shapes,
        name="labour-market-region-shapes",
    ),
    path("regio/<str:code>", views.region_detail, name="region-detail"),
    path("zoeken", views_search.search_page, name="search"),
    path("kaart", views_map.map_page, name="map"),
    path("kaart/clusters.json", views_map.map_clusters, name="map-clusters"),
    path("kaart/arbeidsmarktregios.geojson", views_map.map_region_outlines, name="map-region-outlines"),
    path("embed/kaart", views_map.embed_map, name="embed-map"),
]
