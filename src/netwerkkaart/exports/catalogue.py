"""The data catalogue: a DCAT-AP-NL 3.0 (DCAT-AP 3) description of the downloads and the API, in JSON-LD.

Data portals (data.overheid.nl, data.europa.eu) harvest it. Built by hand as plain JSON with one
fixed context: the vocabulary is small and a graph library would be a heavy dependency for one page.
Every resource has an absolute IRI under the site's address; texts are given in Dutch and English.
Controlled values come from the value lists the profile prescribes (EU Vocabularies, IANA).
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from netwerkkaart.core.models import DataVersion
from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.initiatives.result_index import INDEX_DATA_KEY

from .datasets import DATASETS, FILE_FORMATS

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_EU = "http://publications.europa.eu/resource/authority"
THEME_EDUCATION = f"{_EU}/data-theme/EDUC"
THEME_TAXONOMY = f"{_EU}/data-theme"
ACCESS_PUBLIC = f"{_EU}/access-right/PUBLIC"
FREQUENCY_CONTINUOUS = f"{_EU}/frequency/UPDATE_CONT"
NETHERLANDS = f"{_EU}/country/NLD"
LANGUAGES = (f"{_EU}/language/NLD", f"{_EU}/language/ENG")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types"
OPENAPI_PATH = "/api/v1/openapi.json"
API_PATH = "/api/v1"


def _texts(text: str | Promise) -> list[dict[str, str]]:
    """A text in Dutch and in English, as language-tagged literals."""
    values = []
    for language in ("nl", "en"):
        with translation.override(language):
            values.append({"@value": str(text), "@language": language})
    return values


def _iri(value: str) -> dict[str, str]:
    return {"@id": value}


def _path(name: str, **kwargs: str) -> str:
    """A page's Dutch path: the catalogue names one IRI per resource, whatever the reader's language."""
    with translation.override("nl"):
        return reverse(name, kwargs=kwargs or None)


def data_modified() -> datetime | None:
    """When the published initiatives (and with them every data set) last changed: the time of their
    data version (which also moves on deletions), else the newest change of a published initiative."""
    changed = DataVersion.objects.filter(key=INDEX_DATA_KEY).values_list("changed_at", flat=True).first()
    if changed is not None:
        return changed
    newest: datetime | None = Initiative.objects.published().aggregate(newest=Max("updated_at"))["newest"]
    return newest


def catalogue_build(*, base_url: str) -> dict[str, Any]:
    """The catalogue as a JSON-LD document; ``base_url`` is the site's scheme and host, without a slash."""
    downloads = base_url + _path("exports:downloads")
    catalogue_url = base_url + _path("exports:catalogue")
    licence = _iri(settings.DATA_LICENCE_URL)
    publisher = {
        "@id": settings.DATA_PUBLISHER_URI or f"{base_url}/",
        "@type": "foaf:Agent",
        "foaf:name": settings.DATA_PUBLISHER_NAME,
    }
    contact: dict[str, Any] = {
        "@type": "vcard:Organization",
        "vcard:fn": settings.DATA_PUBLISHER_NAME,
        "vcard:hasURL": _iri(downloads),
    }
    if settings.DATA_CONTACT_EMAIL:
        contact["vcard:hasEmail"] = _iri(f"mailto:{settings.DATA_CONTACT_EMAIL}")
    modified = data_modified()
    common: dict[str, Any] = {
        "dct:publisher": publisher,
        "dct:creator": _iri(publisher["@id"]),
        "dcat:contactPoint": contact,
        "dcat:theme": _iri(THEME_EDUCATION),
        "dct:accessRights": _iri(ACCESS_PUBLIC),
        "dct:spatial": _iri(NETHERLANDS),
        "dct:language": [_iri(language) for language in LANGUAGES],
        "dct:license": licence,
    }
    if modified is not None:
        common["dct:modified"] = {"@value": modified.date().isoformat(), "@type": "xsd:date"}
    datasets = []
    for dataset in DATASETS.values():
        identifier = f"{downloads}#{dataset.slug}"
        distributions = []
        for file_format in FILE_FORMATS.values():
            url = base_url + _path(
                "exports:download", dataset=dataset.slug, file_format=file_format.extension
            )
            distributions.append(
                {
                    "@id": f"{catalogue_url}#{dataset.slug}-{file_format.extension}",
                    "@type": "dcat:Distribution",
                    "dct:title": [
                        {
                            "@value": f"{value['@value']} ({file_format.label})",
                            "@language": value["@language"],
                        }
                        for value in _texts(dataset.title)
                    ],
                    "dcat:accessURL": _iri(url),
                    "dcat:downloadURL": _iri(url),
                    "dcat:mediaType": _iri(f"{IANA_MEDIA_TYPES}/{file_format.media_type}"),
                    "dct:format": _iri(f"{_EU}/file-type/{file_format.file_type}"),
                    "dct:license": licence,
                    "foaf:page": _iri(downloads),
                }
            )
        datasets.append(
            {
                "@id": identifier,
                "@type": "dcat:Dataset",
                "dct:identifier": identifier,
                "dct:title": _texts(dataset.title),
                "dct:description": _texts(dataset.description),
                "dcat:keyword": _texts(_("ICT education"))
                + _texts(_("public-private partnership"))
                + _texts(_("labour-market region")),
                "dcat:landingPage": _iri(downloads),
                "dct:accrualPeriodicity": _iri(FREQUENCY_CONTINUOUS),
                **common,
                "dcat:distribution": distributions,
            }
        )
    api = base_url + API_PATH
    service = {
        "@id": api,
        "@type": "dcat:DataService",
        "dct:identifier": api,
        "dct:title": _texts(_("Netwerkkaart API")),
        "dct:description": _texts(
            _(
                "The versioned REST API of the same data (JSON), with the same filters and search as the "
                "public list; its OpenAPI description is the endpoint description."
            )
        ),
        "dcat:endpointURL": _iri(api),
        "dcat:endpointDescription": _iri(base_url + OPENAPI_PATH),
        "dcat:servesDataset": [_iri(dataset["@id"]) for dataset in datasets],
        **{key: value for key, value in common.items() if key != "dct:spatial"},
    }
    return {
        "@context": CONTEXT,
        "@id": catalogue_url,
        "@type": "dcat:Catalog",
        "dct:title": _texts(_("Netwerkkaart: ICT partnerships in education")),
        "dct:description": _texts(
            _(
                "Open data on the regional public-private partnerships (PPS) in ICT education in the "
                "Netherlands: initiatives, partner organisations, partnerships and yearly figures."
            )
        ),
        "dct:publisher": publisher,
        "dcat:contactPoint": contact,
        "foaf:homepage": _iri(base_url + _path("web:home")),
        "dct:license": licence,
        "dct:language": common["dct:language"],
        "dct:spatial": _iri(NETHERLANDS),
        "dcat:themeTaxonomy": _iri(THEME_TAXONOMY),
        **({"dct:modified": common["dct:modified"]} if "dct:modified" in common else {}),
        "dcat:dataset": datasets,
        "dcat:service": [service],
    }
