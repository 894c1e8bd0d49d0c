"""Insight pages under /inzichten (reserved in web.urls); English under /en/ (ADR 4)."""

from django.urls import URLPattern, path

from . import views

app_name = "insights"
urlpatterns: list[URLPattern] = [
    path("inzichten", views.overview, name="overview"),
    path("inzichten/in-cijfers", views.national, name="national"),
    path("inzichten/in-cijfers/afdrukken", views.national_print, name="national-print"),
    path("inzichten/in-cijfers.pdf", views.national_pdf, name="national-pdf"),
    path("inzichten/overlap", views.overlap_list, name="overlap"),
    path("inzichten/continuiteit", views.continuity_list, name="continuity"),
    path("inzichten/regio/<str:code>", views.region, name="region"),
    path("inzichten/<str:dataset>.csv", views.download, name="download"),
]
