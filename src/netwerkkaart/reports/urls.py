"""Region profiles (Dutch paths in both languages, ADR 4)."""

from django.urls import URLPattern, path

from . import views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("regio/vergelijken", views.compare, name="compare"),
    path("regio/<str:code>/profiel", views.profile, name="profile"),
    path("regio/<str:code>/profiel/afdrukken", views.profile_print, name="profile-print"),
    path("regio/<str:code>/profiel.<str:format>", views.profile_download, name="profile-download"),
]
