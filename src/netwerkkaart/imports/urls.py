"""The public pages of the spreadsheet import: the explanation and the template to download.

Uploading is for administrators only: the admin's import runs (/beheer/imports/importrun/upload/).
"""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "imports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("importeren", views.import_help, name="help"),
    path("importeren/sjabloon.csv", views.template_download_csv, name="template-csv"),
    path("importeren/sjabloon.xlsx", views.template_download_xlsx, name="template-xlsx"),
]
