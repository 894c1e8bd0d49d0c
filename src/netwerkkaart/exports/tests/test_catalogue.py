"""The DCAT-AP-NL catalogue: its shape, the properties the profile requires, and links that work."""

import json
from typing import Any

import pytest
from django.test import Client

from netwerkkaart.exports.catalogue import ACCESS_PUBLIC, THEME_EDUCATION
from netwerkkaart.exports.datasets import DATASETS, FILE_FORMATS
from netwerkkaart.web.tests.conftest import World

pytestmark = pytest.mark.django_db

EU = "http://publications.europa.eu/resource/authority"


def catalogue(client: Client, path: str = "/catalogus.jsonld") -> dict[str, Any]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    document: dict[str, Any] = json.loads(response.content)
    return document


def languages(texts: list[dict[str, str]]) -> set[str]:
    assert all(text["@value"] for text in texts)
    return {text["@language"] for text in texts}


def test_the_catalogue_describes_every_data_set_and_the_api(client: Client, world: World) -> None:
    document = catalogue(client)
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert document["@context"]["dct"] == "http://purl.org/dc/terms/"
    assert document["@type"] == "dcat:Catalog"
    assert document["@id"] == "http://testserver/catalogus.jsonld"
    assert languages(document["dct:title"]) == languages(document["dct:description"]) == {"nl", "en"}
    assert document["dct:publisher"]["foaf:name"] == "Netwerkkaart"
    assert document["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    assert document["dct:spatial"] == {"@id": f"{EU}/country/NLD"}
    assert document["dct:modified"]["@type"] == "xsd:date"
    assert [dataset["@id"] for dataset in document["dcat:dataset"]] == [
        f"http://testserver/downloads#{slug}" for slug in DATASETS
    ]
    (service,) = document["dcat:service"]
    assert service["@type"] == "dcat:DataService"
    assert service["dcat:endpointURL"] == {"@id": "http://testserver/api/v1"}
    assert service["dcat:endpointDescription"] == {"@id": "http://testserver/api/v1/openapi.json"}
    assert len(service["dcat:servesDataset"]) == len(DATASETS)
    for required in ("dct:identifier", "dct:title", "dct:description", "dct:publisher", "dcat:contactPoint"):
        assert service[required]
    assert service["dct:license"] and service["dct:accessRights"] == {"@id": ACCESS_PUBLIC}


@pytest.mark.parametrize("position", range(len(DATASETS)))
def test_every_data_set_has_the_properties_dcat_ap_nl_requires(
    client: Client, world: World, position: int
) -> None:
    dataset = catalogue(client)["dcat:dataset"][position]
    slug = list(DATASETS)[position]
    assert dataset["@type"] == "dcat:Dataset"
    assert dataset["dct:identifier"] == dataset["@id"]
    assert languages(dataset["dct:title"]) == languages(dataset["dct:description"]) == {"nl", "en"}
    assert dataset["dct:publisher"]["@type"] == "foaf:Agent"
    assert dataset["dct:creator"] == {"@id": dataset["dct:publisher"]["@id"]}
    contact = dataset["dcat:contactPoint"]
    assert contact["@type"] == "vcard:Organization" and contact["vcard:fn"]
    assert contact["vcard:hasURL"] == {"@id": "http://testserver/downloads"}
    assert dataset["dcat:theme"] == {"@id": THEME_EDUCATION}
    assert dataset["dct:accessRights"] == {"@id": f"{EU}/access-right/PUBLIC"}
    assert dataset["dct:spatial"] == {"@id": f"{EU}/country/NLD"}
    assert {language["@id"] for language in dataset["dct:language"]} == {
        f"{EU}/language/NLD",
        f"{EU}/language/ENG",
    }
    assert dataset["dct:modified"]["@value"]
    distributions = dataset["dcat:distribution"]
    assert [distribution["dct:format"]["@id"] for distribution in distributions] == [
        f"{EU}/file-type/{file_format.file_type}" for file_format in FILE_FORMATS.values()
    ]
    for distribution, file_format in zip(distributions, FILE_FORMATS.values(), strict=True):
        url = f"http://testserver/downloads/{slug}.{file_format.extension}"
        assert distribution["@type"] == "dcat:Distribution"
        assert distribution["dcat:accessURL"] == distribution["dcat:downloadURL"] == {"@id": url}
        assert distribution["dcat:mediaType"] == {
            "@id": f"https://www.iana.org/assignments/media-types/{file_format.media_type}"
        }
        assert distribution["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
        assert languages(distribution["dct:title"]) == {"nl", "en"}


def test_every_download_in_the_catalogue_answers(client: Client, world: World) -> None:
    for dataset in catalogue(client)["dcat:dataset"]:
        for distribution in dataset["dcat:distribution"]:
            url = distribution["dcat:downloadURL"]["@id"].removeprefix("http://testserver")
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Content-Type"].startswith(
                distribution["dcat:mediaType"]["@id"].split("/", 5)[-1]
            )


def test_licence_publisher_and_contact_are_settings(client: Client, world: World, settings: Any) -> None:
    settings.DATA_LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
    settings.DATA_PUBLISHER_NAME = "Provincie Voorbeeld"
    settings.DATA_PUBLISHER_URI = "https://identifier.overheid.nl/tooi/id/provincie/pv99"
    settings.DATA_CONTACT_EMAIL = "opendata@voorbeeld.example"
    document = catalogue(client)
    dataset = document["dcat:dataset"][0]
    assert dataset["dct:license"] == {"@id": "https://creativecommons.org/publicdomain/zero/1.0/"}
    assert dataset["dcat:distribution"][0]["dct:license"] == dataset["dct:license"]
    assert dataset["dct:publisher"] == {
        "@id": "https://identifier.overheid.nl/tooi/id/provincie/pv99",
        "@type": "foaf:Agent",
        "foaf:name": "Provincie Voorbeeld",
    }
    assert dataset["dcat:contactPoint"]["vcard:hasEmail"] == {"@id": "mailto:opendata@voorbeeld.example"}


def test_the_catalogue_is_the_same_in_english_with_dutch_iris(client: Client, world: World) -> None:
    assert catalogue(client, "/en/catalogus.jsonld") == catalogue(client)
