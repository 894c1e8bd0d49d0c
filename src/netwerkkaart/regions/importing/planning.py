"""Planning an import: every region, membership and postcode row as it should be afterwards,
checked as a whole before anything is written."""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import shapely
from django.utils.translation import gettext as _
from shapely.geometry.base import BaseGeometry

from netwerkkaart.core.errors import DataImportError, ImportProblem

from ..choices import PostcodeKind, RegionKind
from ..models import Postcode, Region
from ..sources import (
    MembershipTable,
    PostcodeFile,
    PostcodeRecord,
    RegionRecord,
    RegionSet,
    boundary_geometry,
)
from .report import ReferenceImportReport

RegionKey = tuple[str, int]  # (CBS code, year): what makes a region row unique

# A postcode centre or municipality point that lies just outside every area (generalised coast
# lines, borders that moved a little between two sets) belongs to the nearest area within this
# distance; farther out it is more likely wrong data than a generalisation artefact.
NEAREST_WITHIN_KM = 2.0
# Distances are measured in a plane scaled to kilometres at the latitude of the middle of the
# country; over the Netherlands the error stays under 3 %, which does not matter for a 2 km margin.
KM_PER_DEGREE_LATITUDE = 111.2
KM_PER_DEGREE_LONGITUDE = 111.3 * math.cos(math.radians(52.2))


@dataclass(frozen=True)
class Incoming:
    record: RegionRecord
    # The fallback only fills gaps: it must never undo the boundaries a file import added.
    overwrite: bool
    file: str


@dataclass(frozen=True)
class PlannedMembership:
    municipality: RegionKey
    parent: RegionKey
    parent_kind: str
    year: int
    source: str


@dataclass(frozen=True)
class PlannedPostcode:
    record: PostcodeRecord
    municipality: RegionKey | None
    source: str


def _record_of(region: Region) -> RegionRecord:
    return RegionRecord(
        kind=region.kind,
        code=region.code,
        name=region.name,
        year=region.year,
        boundary=region.boundary,
        latitude=region.latitude,
        longitude=region.longitude,
        source=region.source,
    )


class RegionPlan:
    """Every region row as it will be after the import."""

    def __init__(self, existing: dict[RegionKey, Region], incoming: Sequence[Incoming]) -> None:
        self.existing = existing
        self.problems: list[ImportProblem] = []
        self.incoming: dict[RegionKey, Incoming] = {}
        for item in incoming:  # later items (files) win over earlier ones (the fallback)
            self.incoming[(item.record.code, item.record.year)] = item
        self.final: dict[RegionKey, RegionRecord] = {key: _record_of(row) for key, row in existing.items()}
        self.files: dict[tuple[str, int], str] = {}
        for key, item in self.incoming.items():
            known = self.final.get(key)
            if known is not None and known.kind != item.record.kind:
                self.problems.append(
                    ImportProblem(
                        file=item.file,
                        row=item.record.row,
                        column="statcode",
                        message=_("%(code)s of %(year)d is already stored as a %(kind)s")
                        % {"code": key[0], "year": key[1], "kind": known.kind},
                    )
                )
            elif item.overwrite or known is None:
                self.final[key] = item.record
            if item.overwrite:
                self.files.setdefault((item.record.kind, item.record.year), item.file)
        self.current_year: dict[str, int] = {}
        for code_year, record in self.final.items():
            year = code_year[1]
            self.current_year[record.kind] = max(year, self.current_year.get(record.kind, year))

    def regions(self, kind: str, year: int) -> list[RegionRecord]:
        return sorted(
            (r for r in self.final.values() if r.kind == kind and r.year == year), key=lambda r: r.code
        )

    def file_of(self, kind: str, year: int) -> str:
        return self.files.get((kind, year), _("the database"))

    def year_for(self, kind: str, year: int, *, with_boundaries: bool = False) -> int | None:
        """The set of ``kind`` that goes with ``year``: the newest up to that year, else the
        oldest after it. Fallback years are approximate; a set of the exact year rarely exists."""
        by_year: dict[int, list[RegionRecord]] = {}
        for record in self.final.values():
            if record.kind == kind:
                by_year.setdefault(record.year, []).append(record)
        years = sorted(
            y for y, rows in by_year.items() if not with_boundaries or all(r.boundary for r in rows)
        )
        earlier = [y for y in years if y <= year]
        if earlier:
            return earlier[-1]
        return years[0] if years else None


def _points_locate(
    points: Sequence[tuple[float, float]], areas: Sequence[tuple[RegionKey, BaseGeometry]]
) -> list[RegionKey | None]:
    """For each (longitude, latitude): the area it lies in, else the nearest within 2 km, else None."""
    if not points or not areas:
        return [None] * len(points)
    located: list[int | None] = [None] * len(points)
    keys = [key for key, _geometry in areas]
    scaled = shapely.transform(
        [geometry for _key, geometry in areas],
        lambda xy: xy * [KM_PER_DEGREE_LONGITUDE, KM_PER_DEGREE_LATITUDE],
    )
    tree = shapely.STRtree(scaled)
    centres = shapely.points([(x * KM_PER_DEGREE_LONGITUDE, y * KM_PER_DEGREE_LATITUDE) for x, y in points])
    point_indexes, area_indexes = tree.query(centres, predicate="intersects")
    for point, area in zip(point_indexes.tolist(), area_indexes.tolist(), strict=True):
        # Generalised neighbours can overlap a little: the lowest code wins, for a stable answer.
        chosen = located[point]
        if chosen is None or keys[area] < keys[chosen]:
            located[point] = area
    missing = [index for index, area in enumerate(located) if area is None]
    if missing:
        near_points, near_areas = tree.query_nearest(
            centres[missing], max_distance=NEAREST_WITHIN_KM, all_matches=False
        )
        for point, area in zip(near_points.tolist(), near_areas.tolist(), strict=True):
            located[missing[point]] = area
    return [keys[area] if area is not None else None for area in located]


def _labour_market_memberships(
    plan: RegionPlan, tables: Sequence[MembershipTable]
) -> tuple[list[PlannedMembership], list[ImportProblem]]:
    """Join each CBS table to the municipality set of its year, and check it covers every one."""
    planned: list[PlannedMembership] = []
    problems: list[ImportProblem] = []
    for table in tables:
        municipality_year = plan.year_for(RegionKind.MUNICIPALITY, table.year)
        labour_market_year = plan.year_for(RegionKind.LABOUR_MARKET_REGION, table.year)
        if municipality_year is None or labour_market_year is None:
            problems.append(
                ImportProblem(
                    file=table.file,
                    message=_(
                        "there are no municipalities to join this table to; add a gemeente_YEAR "
                        "boundary file to the folder"
                    ),
                )
            )
            continue
        municipalities = {r.code: r for r in plan.regions(RegionKind.MUNICIPALITY, municipality_year)}
        municipality_file = plan.file_of(RegionKind.MUNICIPALITY, municipality_year)
        covered: set[str] = set()
        for membership in table.memberships:
            if membership.municipality_code not in municipalities:
                problems.append(
                    ImportProblem(
                        file=table.file,
                        row=membership.row,
                        column=f"gemeenten.{membership.municipality_code[2:]}",
                        message=_(
                            "unknown municipality code %(code)s: it is not among the %(year)d "
                            "municipalities of %(source)s"
                        )
                        % {
                            "code": membership.municipality_code[2:],
                            "year": municipality_year,
                            "source": municipality_file,
                        },
                    )
                )
                continue
            covered.add(membership.municipality_code)
            planned.append(
                PlannedMembership(
                    municipality=(membership.municipality_code, municipality_year),
                    parent=(membership.parent_code, labour_market_year),
                    parent_kind=RegionKind.LABOUR_MARKET_REGION,
                    year=table.year,
                    source=table.source,
                )
            )
        for code, municipality in municipalities.items():
            if code not in covered:
                problems.append(
                    ImportProblem(
                        file=table.file,
                        column="gemeenten",
                        message=_(
                            "the municipality %(code)s (%(name)s) of %(source)s has no "
                            "labour-market region in this table"
                        )
                        % {"code": code, "name": municipality.name, "source": municipality_file},
                    )
                )
    return planned, problems


def _province_memberships(
    plan: RegionPlan, municipality_years: Iterable[int], notes: list[str]
) -> tuple[list[PlannedMembership], list[ImportProblem]]:
    """A municipality's province is where its representative point lies.

    There is no membership table for provinces, and labour-market regions cross province
    borders, so a region's province can never stand in for a municipality's.
    """
    planned: list[PlannedMembership] = []
    problems: list[ImportProblem] = []
    for municipality_year in sorted(set(municipality_years)):
        province_year = plan.year_for(RegionKind.PROVINCE, municipality_year, with_boundaries=True)
        if province_year is None:
            notes.append(
                _("no province boundaries: the provinces of the %(year)d municipalities are not derived")
                % {"year": municipality_year}
            )
            continue
        provinces = plan.regions(RegionKind.PROVINCE, province_year)
        municipalities: list[RegionRecord] = []
        points: list[tuple[float, float]] = []
        for municipality in plan.regions(RegionKind.MUNICIPALITY, municipality_year):
            if municipality.latitude is not None and municipality.longitude is not None:
                municipalities.append(municipality)
                points.append((municipality.longitude, municipality.latitude))
        located = _points_locate(
            points, [((p.code, p.year), boundary_geometry(p.boundary)) for p in provinces if p.boundary]
        )
        province_file = plan.file_of(RegionKind.PROVINCE, province_year)
        source = f"CBS/PDOK gemeente_{municipality_year} in provincie_{province_year} (representative point)"
        for municipality, province in zip(municipalities, located, strict=True):
            if province is None:
                problems.append(
                    ImportProblem(
                        file=plan.file_of(RegionKind.MUNICIPALITY, municipality_year),
                        row=municipality.row,
                        column="geometry",
                        message=_("the municipality %(code)s (%(name)s) lies in no province of %(source)s")
                        % {"code": municipality.code, "name": municipality.name, "source": province_file},
                    )
                )
                continue
            planned.append(
                PlannedMembership(
                    municipality=(municipality.code, municipality_year),
                    parent=province,
                    parent_kind=RegionKind.PROVINCE,
                    year=municipality_year,
                    source=source,
                )
            )
    return planned, problems


def postcodes_plan(
    plan: RegionPlan, postcode_file: PostcodeFile | None, report: ReferenceImportReport
) -> list[PlannedPostcode]:
    """Each postcode's municipality, decided by where its centre lies in the current
    municipalities. Stored postcodes that the file does not give (or all of them, without a
    file) are placed again too, so that every postcode follows a new municipality set.

    A postcode of PO boxes only gets no municipality: its "centre" in the 4pp file is often a
    sorting office in another town (1160 Haarlemmermeer lies in Nieuwegein), so a spatial answer
    would look certain and be wrong.
    """
    items = [(record, postcode_file.source) for record in postcode_file.postcodes] if postcode_file else []
    in_file = {record.code for record, _source in items}
    items.extend(
        (PostcodeRecord(p.code, p.place, p.latitude, p.longitude, p.kind), p.source)
        for p in Postcode.objects.exclude(code__in=in_file).order_by("code")
    )
    year = plan.current_year.get(RegionKind.MUNICIPALITY)
    areas = [
        ((r.code, r.year), boundary_geometry(r.boundary))
        for r in (plan.regions(RegionKind.MUNICIPALITY, year) if year is not None else [])
        if r.boundary
    ]
    if items and not areas:
        report.notes.append(_("no municipality boundaries: postcodes are stored without a municipality"))
    placeable = [
        index for index, (record, _source) in enumerate(items) if record.kind != PostcodeKind.PO_BOXES
    ]
    located: list[RegionKey | None] = [None] * len(items)
    points = [(items[index][0].longitude, items[index][0].latitude) for index in placeable]
    for index, key in zip(placeable, _points_locate(points, areas), strict=True):
        located[index] = key
    po_boxes = len(items) - len(placeable)
    if po_boxes:
        report.notes.append(
            _(
                "%(count)d postcodes of PO boxes only are stored without a municipality: their "
                "centres are unreliable"
            )
            % {"count": po_boxes}
        )
    report.postcodes_resolved = sum(1 for key in located if key is not None)
    report.postcodes_unresolved = len(located) - report.postcodes_resolved
    return [
        PlannedPostcode(record=record, municipality=key, source=source)
        for (record, source), key in zip(items, located, strict=True)
    ]


def memberships_plan(
    plan: RegionPlan,
    region_sets: Sequence[RegionSet],
    tables: Sequence[MembershipTable],
    report: ReferenceImportReport,
) -> list[PlannedMembership]:
    """Both kinds of membership, checked against each other's municipality sets."""
    labour_market, problems = _labour_market_memberships(plan, tables)
    imported_years = {s.year for s in region_sets if s.kind == RegionKind.MUNICIPALITY}
    # The current set is derived again even when only provinces changed.
    current_year = plan.current_year.get(RegionKind.MUNICIPALITY)
    derive_years = imported_years | ({current_year} if current_year is not None else set())
    provinces, province_problems = _province_memberships(plan, derive_years, report.notes)
    problems.extend(province_problems)
    if problems:
        raise DataImportError(problems)
    joined_years = {plan.year_for(RegionKind.MUNICIPALITY, table.year) for table in tables}
    for year in sorted(imported_years - joined_years):
        report.notes.append(
            _(
                "no labour-market table for the %(year)d municipalities in this folder: their "
                "labour-market regions are left as they were"
            )
            % {"year": year}
        )
    return [*labour_market, *provinces]
