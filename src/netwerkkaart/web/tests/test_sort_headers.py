"""The sortable column headers of the list and the search results: links that keep the whole filter state
in the URL, set the order, go back to the first page, and mark the sorted column with aria-sort."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict
from django.test import Client

from netwerkkaart.initiatives.services import initiative_create
from netwerkkaart.search.services import search_index_rebuild
from netwerkkaart.web.templatetags.web import sort_query

from .conftest import World, published

pytestmark = pytest.mark.django_db

HEADER = re.compile(
    r"<th\b(?P<attributes>[^>]*)>\s*<a[^>]*\bnk-sort-link\b[^>]*href=\"(?P<href>[^\"]*)\"[^>]*>"
)


def sort_headers(html: str) -> dict[str, tuple[dict[str, list[str]], str | None]]:
    """Each sort link's `sort` value, with the query of its link and the aria-sort of its header."""
    headers = {}
    for match in HEADER.finditer(html):
        query = parse_qs(urlsplit(unescape(match["href"])).query)
        aria_sort = re.search(r'aria-sort="([a-z]+)"', match["attributes"])
        headers[query["sort"][0]] = (query, aria_sort.group(1) if aria_sort else None)
    return headers


def test_sort_query_keeps_the_filters_and_returns_to_the_first_page() -> None:
    query = QueryDict("theme=cybersecurity&theme=women-in-ict&region=AM22&sort=name&page=3&q=cyber")

    result = sort_query(query, "start_year")

    assert result.startswith("?")
    assert parse_qs(result[1:]) == {
        "theme": ["cybersecurity", "women-in-ict"],
        "region": ["AM22"],
        "sort": ["start_year"],
        "q": ["cyber"],
    }
    assert sort_query(QueryDict(), "name") == "?sort=name"


def test_list_headers_keep_the_filter_state_and_mark_the_sorted_column(client: Client, world: World) -> None:
    html = client.get("/en/initiatieven?theme=cybersecurity&region=AM22&kind=fieldlab&sort=start_year&page=1")
    headers = sort_headers(html.content.decode())

    assert set(headers) == {"name", "start_year"}, "no relevance without a search"
    for sort, (query, _aria_sort) in headers.items():
        assert query == {
            "theme": ["cybersecurity"],
            "region": ["AM22"],
            "kind": ["fieldlab"],
            "sort": [sort],
        }
    assert headers["start_year"][1] == "ascending"
    assert headers["name"][1] is None
    assert html.content.decode().count("aria-sort=") == 1


def test_the_list_is_sorted_by_name_by_default_and_the_select_stays(client: Client, world: World) -> None:
    html = client.get("/initiatieven").content.decode()

    headers = sort_headers(html)
    assert headers["name"][1] == "ascending"
    assert headers["start_year"][1] is None
    # The select of the form is the way to sort without these links (and to "newest first").
    assert re.search(r'<select[^>]*id="id_sort"', html)
    assert re.search(r'<option value="newest"', html)


def test_following_a_header_sorts_the_list(client: Client, world: World) -> None:
    html = client.get("/en/initiatieven?theme=inflow").content.decode()
    hrefs = [unescape(match["href"]) for match in HEADER.finditer(html)]
    href = next(href for href in hrefs if "sort=start_year" in href)

    response = client.get(f"/en/initiatieven{href}")

    assert response.context["params"].sort == "start_year"
    assert response.context["params"].themes == ("inflow",)
    assert sort_headers(response.content.decode())["start_year"][1] == "ascending"


def test_the_start_year_is_a_column_of_the_table(client: Client, world: World) -> None:
    html = client.get("/en/initiatieven").content.decode()
    campus = html[html.index("IT Campus Rotterdam") : html.index("</tr>", html.index("IT Campus Rotterdam"))]

    assert re.search(r">\s*2018\s*</td>", campus)


def test_search_results_can_be_sorted_by_relevance_too(client: Client, world: World) -> None:
    initiative = initiative_create(name="Cyber Campus Schiedam", municipality=world.schiedam)
    published(initiative, 20)
    search_index_rebuild()

    html = client.get("/en/zoeken?q=cyber&theme=cybersecurity").content.decode()
    headers = sort_headers(html)

    assert set(headers) == {"relevance", "name", "start_year"}
    assert headers["relevance"][1] == "ascending", "search results come by relevance first"
    for sort, (query, _aria_sort) in headers.items():
        assert query == {"q": ["cyber"], "theme": ["cybersecurity"], "sort": [sort]}
    # Sorted by relevance, the column holds each result's rank.
    assert re.search(r"numeric-data\">\s*1\s*</td>", html)

    by_name = sort_headers(client.get("/en/zoeken?q=cyber&sort=name").content.decode())
    assert by_name["name"][1] == "ascending"
    assert by_name["relevance"][1] is None


def test_tables_outside_the_list_have_no_sort_links(client: Client, world: World) -> None:
    for path in ("/", "/regio/AM22"):
        html = client.get(path).content.decode()
        assert "nk-sort-link" not in html, path
        assert "aria-sort" not in html, path
