"""Charts: accessible, CSP-safe SVG whose figures are those of the table beside it."""

import itertools
import re

import pytest
from defusedxml.ElementTree import fromstring
from django.utils import translation

from netwerkkaart.reports.charts import (
    ChartError,
    accessible_svg,
    chart_of,
    choropleth_spec,
    comparison_spec,
    map_steps,
    trend_spec,
)
from netwerkkaart.reports.figures import Figure, Point
from netwerkkaart.reports.sections import Block

SVG = "{http://www.w3.org/2000/svg}"

POINTS = [
    Point("2022", "Rijnmond", Figure.of(1500)),
    Point("2023", "Rijnmond", Figure.total(1777, suppressed_cells=2)),
    Point("2024", "Rijnmond", Figure(value=None, suppressed_cells=1)),
    Point("2022", "Nederland", Figure.of(16194)),
    Point("2023", "Nederland", Figure.of(17000)),
    Point("2024", "Nederland", Figure.of(18000)),
]


def texts_of(svg: str) -> list[str]:
    root = fromstring(svg)
    return ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]


def assert_accessible(svg: str, *, key: str, title: str) -> None:
    root = fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"chart-{key}-title"
    assert root.get("aria-describedby") == f"chart-{key}-desc"
    assert root.get("viewBox")
    assert root[0].tag == f"{SVG}title" and root[0].text == title
    assert root[1].tag == f"{SVG}desc" and root[1].text
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        assert tag not in {"script", "style", "foreignObject", "a"}
        for name in element.attrib:
            local = name.rsplit("}", 1)[-1]
            assert local != "style" and not local.lower().startswith("on") and local != "href", (tag, name)
            if element is not root:
                assert local != "role" and not local.startswith("aria-"), (tag, name)
        if element.get("id") and element is not root:
            assert element.get("id", "").startswith(f"chart-{key}-")


def test_a_trend_chart_is_one_accessible_image_with_the_figures_of_its_table() -> None:
    with translation.override("en"):
        spec = trend_spec(POINTS, title="Students", category_label="Year", value_label="Students")
        chart = chart_of(spec, key="students", title="Students reached", points=POINTS)
        block = Block(
            key="students", title="Students reached", points=POINTS, category_label="Year", chart=chart
        )
        table_cells = [cell.text for row in block.rows for cell in row.cells]

    assert_accessible(chart.svg, key="students", title="Students reached")
    labels = texts_of(chart.svg)
    # Every drawn figure is labelled as in the table; the lower bound says so; "<5" is not drawn at all.
    assert table_cells == ["1,500", "16,194", "at least 1,777", "17,000", "<5", "18,000"]
    for text in ("1,500", "at least 1,777", "16,194", "17,000", "18,000"):
        assert text in labels
    assert "<5" not in labels
    assert [row["label"] for row in spec["data"]["values"]] == [
        "1,500",
        "at least 1,777",
        "16,194",
        "17,000",
        "18,000",
    ]
    # The text alternative has every figure, the suppressed one as "<5".
    assert "2023: at least 1,777" in chart.description
    assert "2024: <5" in chart.description


def test_a_comparison_chart_names_every_bar_in_text() -> None:
    points = [
        Point("Initial education", "Rijnmond", Figure.of(40)),
        Point("Initial education", "Nederland", Figure.of(55)),
    ]
    with translation.override("nl"):
        spec = comparison_spec(points, title="Doelen", value_label="Aandeel (%)", unit="%")
        chart = chart_of(spec, key="goals", title="Doelen", points=points, unit="%")
    assert_accessible(chart.svg, key="goals", title="Doelen")
    labels = texts_of(chart.svg)
    assert {"Rijnmond", "Nederland", "40%", "55%", "Initial education"} <= set(labels)


def test_a_choropleth_labels_each_region_with_its_figure_and_names_the_steps() -> None:
    shapes = {
        "West": {"type": "Polygon", "coordinates": [[[4, 52], [4.5, 52], [4.5, 52.5], [4, 52.5], [4, 52]]]},
        "East": {"type": "Polygon", "coordinates": [[[6, 52], [6.5, 52], [6.5, 52.5], [6, 52.5], [6, 52]]]},
    }
    anchors = {"West": (4.25, 52.25), "East": (6.25, 52.25)}
    points = [Point("West", "Initiatives", Figure.of(12)), Point("East", "Initiatives", Figure.of(0))]
    with translation.override("en"):
        spec = choropleth_spec(
            points, title="Map", shapes=shapes, anchors=anchors, legend_title="Initiatives"
        )
        chart = chart_of(spec, key="map", title="Map", points=points)
    assert_accessible(chart.svg, key="map", title="Map")
    labels = texts_of(chart.svg)
    assert labels.count("12") >= 1 and "0" in labels
    # The legend names the ranges in text (not colour alone).
    assert any(re.fullmatch(r"\d+\u2013\d+", label) for label in labels)
    assert len(list(fromstring(chart.svg).iter(f"{SVG}path"))) >= 2


def test_map_steps_cover_zero_to_the_largest_value_without_gaps() -> None:
    steps = map_steps([0, 3, 27])
    assert steps[0][0] == 0 and steps[-1][1] >= 27
    for (_low, high), (next_low, _high) in itertools.pairwise(steps):
        assert next_low == high + 1


def test_ids_are_prefixed_and_dangerous_content_is_removed() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)" style="color:red">'
        '<defs><clipPath id="clip1"><rect width="1" height="1"/></clipPath></defs>'
        "<script>alert(1)</script><style>rect{fill:red}</style>"
        '<g clip-path="url(#clip1)" role="graphics-symbol" aria-label="x"><rect width="5" height="5"'
        ' onclick="x()" style="fill:red"/></g><a href="https://example.org"><text>link</text></a></svg>'
    )
    safe = accessible_svg(svg, key="k", title="T", description="D")
    assert_accessible(safe, key="k", title="T")
    assert 'clip-path="url(#chart-k-clip1)"' in safe
    assert 'id="chart-k-clip1"' in safe
    assert "alert" not in safe and "example.org" not in safe


def test_nothing_to_draw_is_an_error_not_an_empty_chart() -> None:
    points = [Point("2024", "Rijnmond", Figure(value=None, suppressed_cells=1))]
    with pytest.raises(ChartError, match="no figures"):
        chart_of(
            trend_spec(points, title="t", category_label="y", value_label="v"),
            key="x",
            title="t",
            points=points,
        )
