"""The public pages of the indicators: the indicator list with the template, and the ICT classification
of programmes. Uploading a filled-in template is for administrators (/beheer/indicators/indicator/upload/)."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "indicators"
urlpatterns: list[URLPattern | URLResolver] = [
    path("indicatoren", views.indicator_list_page, name="list"),
    path("indicatoren/ict-opleidingen", views.classification_page, name="classification"),
    path("indicatoren/sjabloon.csv", views.template_download_csv, name="template-csv"),
    path("indicatoren/sjabloon.xlsx", views.template_download_xlsx, name="template-xlsx"),
]
