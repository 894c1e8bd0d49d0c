"""Downloads of filtered lists and the data catalogue. Dutch paths, the same under /en/ (ADR 4):

/downloads                                    the data sets, formats and columns
/downloads/<data set>.<csv|xlsx|ods>?filters  one data set of the list the filters select
/catalogus.jsonld                             the DCAT-AP-NL catalogue (JSON-LD)
"""

from django.urls import URLPattern, URLResolver, path, register_converter

from . import views
from .datasets import DATASETS, FILE_FORMATS


class _ChoiceConverter:
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class DatasetConverter(_ChoiceConverter):
    regex = "|".join(DATASETS)


class FileFormatConverter(_ChoiceConverter):
    regex = "|".join(FILE_FORMATS)


register_converter(DatasetConverter, "dataset")
register_converter(FileFormatConverter, "file_format")

app_name = "exports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("downloads", views.downloads, name="downloads"),
    path("downloads/<dataset:dataset>.<file_format:file_format>", views.download, name="download"),
    path("catalogus.jsonld", views.catalogue, name="catalogue"),
]
