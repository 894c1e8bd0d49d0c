"""The download of the same data from the official services (PDOK, CBS), written as the shipped files."""

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkkaart.core.errors import DataImportError, ImportProblem

from ..choices import RegionKind
from .common import Problems, json_parse
from .files import BOUNDARY_FILE_KINDS, ReferenceFiles, reference_files_find

Fetch = Callable[[str], bytes]


@dataclass(frozen=True)
class OnlineSources:
    """Where the official data lives online: every URL and year of the online import, in one place.

    The file names written match the shipped files, so the online import runs the folder import.
    """

    province_year: int = 2026
    labour_market_region_year: int = 2026
    municipality_year: int = 2026
    membership_table: str = "86247NED"
    membership_year: int = 2026
    # PDOK "CBS gebiedsindelingen", OGC API Features; GeoJSON in WGS84 (CRS84) by default.
    pdok_items_url: str = (
        "https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1/collections/{collection}/items"
        "?f=json&limit=1000&jaarcode={year}"
    )
    pdok_collections: Mapping[str, str] = field(
        default_factory=lambda: {
            RegionKind.PROVINCE: "provincie_gegeneraliseerd",
            RegionKind.LABOUR_MARKET_REGION: "arbeidsmarktregio_gegeneraliseerd",
            RegionKind.MUNICIPALITY: "gemeente_gegeneraliseerd",
        }
    )
    # CBS StatLine OData v3: the column list (DataProperties) and the rows (TypedDataSet).
    cbs_odata_url: str = "https://opendata.cbs.nl/ODataApi/odata/{table}/{resource}?$format=json"
    pc4_url: str = "https://raw.githubusercontent.com/bobdenotter/4pp/master/4pp.csv"
    # A runaway "next" link must not loop forever.
    max_pages: int = 50

    def year_of(self, kind: str) -> int:
        years: dict[str, int] = {
            RegionKind.PROVINCE: self.province_year,
            RegionKind.LABOUR_MARKET_REGION: self.labour_market_region_year,
            RegionKind.MUNICIPALITY: self.municipality_year,
        }
        return years[kind]


def urllib_fetch(url: str) -> bytes:
    """The body of an HTTPS GET; raises OSError (URLError, HTTPError) when it fails."""
    if urllib.parse.urlsplit(url).scheme != "https":
        raise ValueError(_("only https URLs are fetched: %(url)s") % {"url": url})
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, headers={"User-Agent": "netwerkkaart-import_regions", "Accept": "application/json, text/csv"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - https only
        body: bytes = response.read()
    return body


def _fetch_json(url: str, fetch: Fetch) -> Any:
    try:
        body = fetch(url)
    except (OSError, ValueError) as error:
        raise DataImportError(
            [ImportProblem(file=url, message=_("the download failed: %(reason)s") % {"reason": error})]
        ) from error
    problems = Problems(url)
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add(_("the response is not UTF-8 JSON"))
        problems.raise_if_any()
    data = json_parse(text, problems)
    problems.raise_if_any()
    return data


def _pdok_features(url: str, fetch: Fetch, max_pages: int) -> list[Any]:
    features: list[Any] = []
    next_url: str | None = url
    for _page in range(max_pages):
        if next_url is None:
            return features
        page = _fetch_json(next_url, fetch)
        if not isinstance(page, dict) or not isinstance(page.get("features"), list):
            raise DataImportError(
                [ImportProblem(file=next_url, message=_("expected a GeoJSON FeatureCollection"))]
            )
        features.extend(page["features"])
        links = page["links"] if isinstance(page.get("links"), list) else []
        next_url = next(
            (str(link["href"]) for link in links if isinstance(link, dict) and link.get("rel") == "next"),
            None,
        )
    if next_url is not None:
        raise DataImportError(
            [ImportProblem(file=url, message=_("more than %(count)d pages") % {"count": max_pages})]
        )
    return features


def _odata_rows(url: str, fetch: Fetch, max_pages: int) -> list[Any]:
    rows: list[Any] = []
    next_url: str | None = url
    for _page in range(max_pages):
        if next_url is None:
            break
        page = _fetch_json(next_url, fetch)
        if not isinstance(page, dict) or not isinstance(page.get("value"), list):
            raise DataImportError([ImportProblem(file=next_url, message=_('expected an OData "value" list'))])
        rows.extend(page["value"])
        next_link = page.get("odata.nextLink")
        next_url = str(next_link) if next_link else None
    return rows


def _cbs_memberships(sources: OnlineSources, fetch: Fetch) -> dict[str, Any]:
    """The CBS table as the shipped JSON file: {"_bron": ..., "gemeenten": {"0014": name}}."""

    def url_of(resource: str) -> str:
        return sources.cbs_odata_url.format(table=sources.membership_table, resource=resource)

    properties_url = url_of("DataProperties")
    properties = _odata_rows(properties_url, fetch, sources.max_pages)
    groups = [
        p
        for p in properties
        if isinstance(p, dict)
        and p.get("Type") == "TopicGroup"
        and str(p.get("Title", "")).strip().casefold().startswith("arbeidsmarktregio")
    ]
    name_column = next(
        (
            str(p["Key"])
            for p in properties
            if isinstance(p, dict)
            and groups
            and p.get("ParentID") == groups[0].get("ID")
            and str(p.get("Title", "")).strip().casefold() == "naam"
        ),
        None,
    )
    if name_column is None:
        raise DataImportError(
            [
                ImportProblem(
                    file=properties_url,
                    message=_("the table has no column with the names of the labour-market regions"),
                )
            ]
        )
    rows_url = url_of("TypedDataSet")
    municipalities: dict[str, str] = {}
    problems = Problems(rows_url)
    for number, row in enumerate(_odata_rows(rows_url, fetch, sources.max_pages), start=1):
        region = str(row.get("RegioS", "")).strip() if isinstance(row, dict) else ""
        if not re.fullmatch(r"GM\d{4}", region):
            problems.add(_("expected a municipality code like GM0014"), row=number, column="RegioS")
            continue
        municipalities[region[2:]] = str(row.get(name_column) or "").strip()
    problems.raise_if_any()
    return {
        "_bron": {
            "tabel": sources.membership_table,
            "url": rows_url,
            "opgehaald": timezone.localdate().isoformat(),
        },
        "gemeenten": municipalities,
    }


def reference_data_download(
    *, target_dir: Path, sources: OnlineSources | None = None, fetch: Fetch = urllib_fetch
) -> ReferenceFiles:
    """Download the official data into ``target_dir``, named and shaped like the shipped files.

    ``fetch`` is the only network access, so tests give a fake one.
    """
    sources = sources or OnlineSources()
    reference = target_dir / "reference"
    reference.mkdir(parents=True, exist_ok=True)
    (target_dir / "postcode").mkdir(parents=True, exist_ok=True)
    prefixes: dict[str, str] = {kind: prefix for prefix, kind in BOUNDARY_FILE_KINDS.items()}
    for kind, collection in sources.pdok_collections.items():
        year = sources.year_of(kind)
        url = sources.pdok_items_url.format(collection=collection, year=year)
        features = _pdok_features(url, fetch, sources.max_pages)
        (reference / f"{prefixes[kind]}_{year}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
            encoding="utf-8",
        )
    table = _cbs_memberships(sources, fetch)
    name = f"cbs{sources.membership_table}_gemeente_arbeidsmarktregio_{sources.membership_year}.json"
    (reference / name).write_text(json.dumps(table, ensure_ascii=False, indent=1), encoding="utf-8")
    try:
        postcodes = fetch(sources.pc4_url)
    except (OSError, ValueError) as error:
        raise DataImportError(
            [
                ImportProblem(
                    file=sources.pc4_url, message=_("the download failed: %(reason)s") % {"reason": error}
                )
            ]
        ) from error
    (target_dir / "postcode" / "4pp.csv").write_bytes(postcodes)
    return reference_files_find(target_dir)
