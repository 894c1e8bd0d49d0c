"""Charts drawn on the server: Vega-Lite specifications rendered to SVG by `vl-convert-python`
(ADR 15), then made accessible and safe to put inline in a page under the site's CSP.

Every chart is made from the same `Point`s as the table beside it: the values in the chart's data, its
value labels, its text alternative and the table all come from `figures.figure_text`. A figure that is
a lower bound is labelled "at least N" in the chart too; a suppressed figure is left out of the chart
(never drawn as a number) and shown as "<5" in the table.

The SVG that leaves this module has: ``role="img"`` with ``<title>`` and ``<desc>`` referenced by
``aria-labelledby``/``aria-describedby``; no script, no event handler attributes, no ``style``
attributes or elements (the CSP's style-src has no 'unsafe-inline'), no links; every ``id`` prefixed
with the chart's key so that several charts on one page do not clash; no ARIA inside the image (its
content is presentational, the table is the structured route to the figures).
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal
from xml.etree.ElementTree import Element, register_namespace, tostring

import vl_convert
from defusedxml.ElementTree import fromstring
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from .figures import Point, categories_of, figure_text, is_suppressed, series_of

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
register_namespace("", SVG_NS)
register_namespace("xlink", XLINK_NS)

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
# The house font where it is installed (it is embedded in the PDFs), then the browser's sans-serif.
FONT = "DejaVu Sans, Verdana, sans-serif"
# Colours of the series and of the map steps: dark enough for 3:1 against white (WCAG 1.4.11), and told
# apart by more than colour (line dashes and point shapes, value labels, the table).
SERIES_COLOURS = ["#01689b", "#a90061", "#275937", "#673327", "#42145f", "#94710a"]
SERIES_DASHES = [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2], [4, 4], [1, 3]]
SERIES_SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]
MAP_STEPS = ["#e5f0f7", "#b3d3e6", "#6fa9cc", "#2f7ab0", "#0b4f80"]
MAP_STROKE = "#1c1c1c"
# d3 number formats per language (thousands separator and decimal mark).
FORMAT_LOCALES: dict[str, Literal["nl-NL", "en-GB"]] = {"nl": "nl-NL", "en": "en-GB"}
_ON_ATTRIBUTE = re.compile(r"^on", re.IGNORECASE)
_DROPPED_ELEMENTS = {"script", "style", "foreignObject", "a"}
_KEPT_ARIA = {"role", "aria-labelledby", "aria-describedby"}


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    svg: SafeString


class ChartError(ValueError):
    """A chart that cannot be drawn (no figures to draw)."""


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _value(point: Point) -> float | None:
    value = point.figure.value
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def _rows(points: Sequence[Point], *, unit: str) -> list[dict[str, Any]]:
    """The chart's data: the drawable points with their value label (as in the table)."""
    return [
        {
            "category": point.category,
            "series": point.series,
            "value": _value(point),
            "label": figure_text(point.figure, unit=unit),
            "lower_bound": bool(point.figure.lower_bound),
        }
        for point in points
        if not is_suppressed(point.figure) and point.figure.value is not None
    ]


def description_of(title: str, points: Sequence[Point], *, unit: str = "") -> str:
    """The text alternative: every figure in words, grouped by series (the same text as the table)."""
    parts = []
    for series in series_of(points):
        values = "; ".join(
            f"{point.category}: {figure_text(point.figure, unit=unit)}"
            for point in points
            if point.series == series
        )
        parts.append(f"{series}: {values}")
    return gettext("%(title)s. %(values)s.") % {"title": title, "values": ". ".join(parts)}


def _base(title: str, width: int | str, height: int | str | dict[str, int]) -> dict[str, Any]:
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": None,
        "width": width,
        "height": height,
        "background": "white",
        "config": {
            "aria": False,
            "font": FONT,
            "view": {"stroke": None},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": "#1c1c1c",
                "titleColor": "#1c1c1c",
            },
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": "#1c1c1c",
                "titleColor": "#1c1c1c",
            },
            "header": {"labelFontSize": 12, "labelColor": "#1c1c1c"},
        },
        "description": title,
    }


def _series_scale(series: list[str]) -> dict[str, Any]:
    return {"domain": series, "range": SERIES_COLOURS[: len(series)] or SERIES_COLOURS[:1]}


def trend_spec(
    points: Sequence[Point],
    *,
    title: str,
    category_label: str,
    value_label: str,
    unit: str = "",
    series_order: Sequence[str] = (),
) -> dict[str, Any]:
    """A line per series over the categories (years), with a point and its value label at each year."""
    series = list(series_order) or series_of(points)
    encoding = {
        "x": {
            "field": "category",
            "type": "ordinal",
            "title": category_label,
            "sort": categories_of(points),
            "axis": {"labelAngle": 0},
        },
        "y": {"field": "value", "type": "quantitative", "title": value_label},
        "color": {
            "field": "series",
            "type": "nominal",
            "title": None,
            "scale": _series_scale(series),
            "legend": {"orient": "bottom", "direction": "vertical"} if len(series) > 1 else None,
        },
    }
    spec = _base(title, "container", 260)
    spec["width"] = max(320, 90 * len(categories_of(points)))
    spec["data"] = {"values": _rows(points, unit=unit)}
    spec["layer"] = [
        {
            "mark": {"type": "line", "strokeWidth": 2},
            "encoding": {
                **encoding,
                "strokeDash": {
                    "field": "series",
                    "type": "nominal",
                    "legend": None,
                    "scale": {"domain": series, "range": SERIES_DASHES[: len(series)]},
                },
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 70},
            "encoding": {
                **encoding,
                "shape": {
                    "field": "series",
                    "type": "nominal",
                    "legend": None,
                    "scale": {"domain": series, "range": SERIES_SHAPES[: len(series)]},
                },
            },
        },
        {
            "mark": {"type": "text", "dy": -12, "fontSize": 11, "color": "#1c1c1c"},
            "encoding": {"x": encoding["x"], "y": encoding["y"], "text": {"field": "label"}},
        },
    ]
    return spec


def comparison_spec(
    points: Sequence[Point], *, title: str, value_label: str, unit: str = ""
) -> dict[str, Any]:
    """Horizontal bars grouped by category, one bar per series, each bar named on its axis and labelled
    with its value (so that no colour is needed to read it)."""
    series = series_of(points)
    spec = _base(title, 360, {"step": 22})
    spec["data"] = {"values": _rows(points, unit=unit)}
    spec["facet"] = {
        "row": {
            "field": "category",
            "type": "nominal",
            "sort": categories_of(points),
            "title": None,
            "header": {
                "labelAngle": 0,
                "labelAlign": "left",
                "labelAnchor": "start",
                "labelOrient": "top",
                "labelFontWeight": "bold",
                "labelLimit": 480,
            },
        },
    }
    spec["spacing"] = 8
    x = {
        "field": "value",
        "type": "quantitative",
        "title": value_label,
        "scale": {"domain": [0, 100]} if unit == "%" else {},
    }
    y = {"field": "series", "type": "nominal", "title": None, "sort": series, "axis": {"labelLimit": 200}}
    spec["spec"] = {
        "width": 360,
        "height": {"step": 22},
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "scale": _series_scale(series),
                        "legend": None,
                    },
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11, "color": "#1c1c1c"},
                "encoding": {"x": x, "y": y, "text": {"field": "label"}},
            },
        ],
    }
    del spec["width"], spec["height"]
    return spec


def map_steps(values: Sequence[float]) -> list[tuple[int, int]]:
    """Up to five classes of equal, whole width from 0 up to the largest value, as (lowest, highest)."""
    largest = math.ceil(max(values, default=0))
    if largest <= 0:
        return [(0, 0)]
    count = min(len(MAP_STEPS), largest + 1)
    width = math.ceil((largest + 1) / count)
    return [(width * step, width * (step + 1) - 1) for step in range(count) if width * step <= largest]


def step_label(step: tuple[int, int], *, unit: str = "") -> str:
    low, high = step
    if low == high:
        return figure_text_number(low, unit=unit)
    return f"{figure_text_number(low, unit=unit)}\u2013{figure_text_number(high, unit=unit)}"


def figure_text_number(value: float, *, unit: str = "") -> str:
    from .figures import number_text

    return number_text(int(value), unit=unit)


def step_of(value: float, steps: Sequence[tuple[int, int]]) -> int:
    for position, (_low, high) in enumerate(steps):
        if value <= high:
            return position
    return len(steps) - 1


def choropleth_spec(
    points: Sequence[Point],
    *,
    title: str,
    shapes: dict[str, dict[str, Any]],
    anchors: dict[str, tuple[float, float]],
    legend_title: str,
    unit: str = "",
) -> dict[str, Any]:
    """The regions shaded in up to five steps, each labelled with its value at an inner point, a legend
    naming each step's range; regions without a value are light grey and labelled with a dash."""
    drawable = {row["category"]: row for row in _rows(points, unit=unit)}
    steps = map_steps([row["value"] for row in drawable.values()])
    labels = [step_label(step, unit=unit) for step in steps]
    no_figure = gettext("no figure")
    features: list[dict[str, Any]] = []
    anchor_rows: list[dict[str, Any]] = []
    missing = False
    for point in points:
        if point.category not in shapes:
            continue
        row = drawable.get(point.category)
        step = labels[step_of(row["value"], steps)] if row else no_figure
        missing = missing or row is None
        features.append(
            {
                "type": "Feature",
                "geometry": shapes[point.category],
                "properties": {"name": point.category, "step": step},
            }
        )
        longitude, latitude = anchors[point.category]
        anchor_rows.append(
            {"longitude": longitude, "latitude": latitude, "label": figure_text(point.figure, unit=unit)}
        )
    domain, colours = list(labels), MAP_STEPS[: len(labels)] if len(labels) > 1 else [MAP_STEPS[2]]
    if missing:
        domain, colours = [*domain, no_figure], [*colours, "#f3f3f3"]
    spec = _base(title, 420, 500)
    spec["projection"] = {"type": "mercator"}
    spec["layer"] = [
        {
            "data": {"values": features, "format": {"type": "json"}},
            "mark": {"type": "geoshape", "stroke": MAP_STROKE, "strokeWidth": 0.6},
            "encoding": {
                "color": {
                    "field": "properties.step",
                    "type": "ordinal",
                    "title": legend_title,
                    "scale": {"domain": domain, "range": colours},
                    "legend": {
                        "orient": "bottom",
                        "direction": "vertical",
                        "symbolStrokeColor": MAP_STROKE,
                        "symbolStrokeWidth": 0.6,
                    },
                },
            },
        },
        {
            "data": {"values": anchor_rows},
            "mark": {
                "type": "text",
                "fontSize": 10,
                "fontWeight": "bold",
                "color": "#1c1c1c",
                "stroke": "white",
                "strokeWidth": 2.5,
                "strokeOpacity": 0.85,
            },
            "encoding": {
                "longitude": {"field": "longitude", "type": "quantitative"},
                "latitude": {"field": "latitude", "type": "quantitative"},
                "text": {"field": "label"},
            },
        },
        {
            "data": {"values": anchor_rows},
            "mark": {"type": "text", "fontSize": 10, "fontWeight": "bold", "color": "#1c1c1c"},
            "encoding": {
                "longitude": {"field": "longitude", "type": "quantitative"},
                "latitude": {"field": "latitude", "type": "quantitative"},
                "text": {"field": "label"},
            },
        },
    ]
    return spec


def svg_of(spec: dict[str, Any]) -> str:
    """Vega-Lite to SVG, numbers in the current language; no data is ever fetched from elsewhere."""
    return str(
        vl_convert.vegalite_to_svg(
            spec, allowed_base_urls=[], format_locale=FORMAT_LOCALES[_language()], show_warnings=False
        )
    )


def _tag(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def accessible_svg(svg: str, *, key: str, title: str, description: str) -> SafeString:
    """The SVG as one accessible image, safe under the CSP (see the module's docstring)."""
    root = fromstring(svg)
    prefix = f"chart-{key}"
    ids: dict[str, str] = {}
    for element in root.iter():
        if element.get("id"):
            ids[element.get("id", "")] = f"{prefix}-{element.get('id')}"
    for parent in list(root.iter()):
        for child in list(parent):
            if _tag(child) in _DROPPED_ELEMENTS:
                parent.remove(child)
    for element in root.iter():
        for name in list(element.attrib):
            local = name.rsplit("}", 1)[-1]
            if (
                _ON_ATTRIBUTE.match(local)
                or local == "style"
                or local in {"href", "aria-roledescription"}
                or local == "role"
                or (local.startswith("aria-") and local not in _KEPT_ARIA)
            ):
                del element.attrib[name]
            elif local == "id":
                element.set(name, ids[element.attrib[name]])
            elif "url(#" in element.attrib[name]:
                element.set(
                    name,
                    re.sub(
                        r"url\(#([^)]+)\)", lambda m: f"url(#{ids.get(m[1], m[1])})", element.attrib[name]
                    ),
                )
    width, height = root.get("width"), root.get("height")
    if not root.get("viewBox") and width and height:
        root.set("viewBox", f"0 0 {width} {height}")
    root.set("class", "nk-vl-chart")
    root.set("role", "img")
    root.set("focusable", "false")
    root.set("aria-labelledby", f"{prefix}-title")
    root.set("aria-describedby", f"{prefix}-desc")
    title_element = Element(f"{{{SVG_NS}}}title", {"id": f"{prefix}-title"})
    title_element.text = title
    desc_element = Element(f"{{{SVG_NS}}}desc", {"id": f"{prefix}-desc"})
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    return mark_safe(tostring(root, encoding="unicode"))  # noqa: S308 - serialised by ElementTree: escaped


def chart_of(spec: dict[str, Any], *, key: str, title: str, points: Sequence[Point], unit: str = "") -> Chart:
    if not _rows(points, unit=unit):
        raise ChartError(f"Chart {key}: no figures to draw.")
    description = description_of(title, points, unit=unit)
    return Chart(
        key=key,
        title=title,
        description=description,
        svg=accessible_svg(svg_of(spec), key=key, title=title, description=description),
    )


__all__ = ["Chart", "ChartError", "chart_of", "choropleth_spec", "comparison_spec", "trend_spec"]
