"""The downloads page in Dutch and English, filtered or not, and the link that the list can include."""

import re

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory

from netwerkkaart.exports.datasets import DATASETS
from netwerkkaart.web.tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("prefix", "language"), [("", "nl"), ("/en", "en")])
def test_the_downloads_page_lists_every_data_set_and_format(
    client: Client, world: World, prefix: str, language: str
) -> None:
    response = client.get(f"{prefix}/downloads")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    links = set(re.findall(r'href="([^"]+)"', html))
    for slug in DATASETS:
        assert {
            f"{prefix}/downloads/{slug}.csv",
            f"{prefix}/downloads/{slug}.csv?delimiter=comma",
            f"{prefix}/downloads/{slug}.ods",
            f"{prefix}/downloads/{slug}.xlsx",
        } <= links
        for column in DATASETS[slug].columns:
            assert f'<code class="utrecht-code">{column.name}</code>' in html
    assert f"{prefix}/catalogus.jsonld" in links
    assert "https://creativecommons.org/licenses/by/4.0/" in links
    assert "<script" not in html.split("</main>")[0].split("<main")[1]


def test_the_english_page_is_in_english(client: Client, world: World) -> None:
    html = client.get("/en/downloads").content.decode()
    assert "Initiatives with their partners" in html
    assert "CSV with semicolons" in html


def test_a_filtered_downloads_page_says_so_and_keeps_the_filters(client: Client, world: World) -> None:
    html = client.get("/downloads?region=AM22&page=2").content.decode()
    assert re.search(r"2\s+initiatives of your selection|2\s+initiatieven", html)
    assert 'href="/downloads/initiatieven.csv?region=AM22"' in html
    assert 'href="/downloads/initiatieven.csv?region=AM22&amp;delimiter=comma"' in html
    everything = client.get("/downloads").content.decode()
    assert "of your selection" not in everything


def test_the_list_link_keeps_the_filters_and_the_search_but_not_the_page(rf: RequestFactory) -> None:
    request = rf.get("/zoeken", {"q": "cyber", "theme": ["cybersecurity", "inflow"], "page": "3"})
    html = Template('{% include "exports/includes/download_link.html" %}').render(
        Context({"request": request})
    )
    assert 'href="/downloads?q=cyber&amp;theme=cybersecurity&amp;theme=inflow"' in html
