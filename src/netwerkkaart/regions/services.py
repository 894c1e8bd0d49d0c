"""Writes for regions: the built-in fallback and the import of the official reference data.

The import reads and checks every file first (``sources``), then plans every row as it should be
afterwards (database rows, completed by the fallback, overwritten by the files), checks the plan
as a whole, and only then writes the differences, in one transaction. A refused import therefore
leaves the database as it was, and a repeated import writes nothing.
"""

import math
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from shapely.geometry.base import BaseGeometry
from tqdm import tqdm

from netwerkkaart.core.errors import DataImportError, ImportProblem

from .choices import PostcodeKind, RegionKind
from .fallback import fallback_regions
from .models import Postcode, Region, RegionMembership
from .sources import (
    MEMBERSHIP_FILE,
    Fetch,
    MembershipTable,
    OnlineSources,
    PostcodeFile,
    PostcodeRecord,
    ReferenceFiles,
    RegionRecord,
    RegionSet,
    boundary_geometry,
    read_labour_market_memberships,
    read_postcodes,
    read_region_boundaries,
    reference_data_download,
    reference_files_find,
    urllib_fetch,
)

RegionKey = tuple[str, int]  # (CBS code, year): what makes a region row unique

# A postcode centre or municipality point that lies just outside every area (generalised coast
# lines, borders that moved a little between two sets) belongs to the nearest area within this
# distance; farther out it is more likely wrong data than a generalisation artefact.
NEAREST_WITHIN_KM = 2.0
# Distances are measured in a plane scaled to kilometres at the latitude of the middle of the
# country; over the Netherlands the error stays under 3 %, which does not matter for a 2 km margin.
KM_PER_DEGREE_LATITUDE = 111.2
KM_PER_DEGREE_LONGITUDE = 111.3 * math.cos(math.radians(52.2))

REGION_FIELDS = ["name", "boundary", "latitude", "longitude", "source", "is_current"]
POSTCODE_FIELDS = ["place", "latitude", "longitude", "kind", "municipality", "source"]
BATCH_SIZE = 500


# --- the report --------------------------------------------------------------------------------


@dataclass
class ChangeCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def __str__(self) -> str:
        return _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def _counts_per_kind(kinds: Iterable[str]) -> dict[str, ChangeCounts]:
    return {str(kind): ChangeCounts() for kind in kinds}


@dataclass
class ReferenceImportReport:
    regions: dict[str, ChangeCounts] = field(default_factory=lambda: _counts_per_kind(RegionKind.values))
    # Keyed by the parent kind: labour-market region or province.
    memberships: dict[str, ChangeCounts] = field(
        default_factory=lambda: _counts_per_kind([RegionKind.LABOUR_MARKET_REGION, RegionKind.PROVINCE])
    )
    postcodes: ChangeCounts = field(default_factory=ChangeCounts)
    postcodes_resolved: int = 0
    postcodes_unresolved: int = 0
    data_dir: str = ""
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        counts = [*self.regions.values(), *self.memberships.values(), self.postcodes]
        return sum(count.changed for count in counts)

    def summary_lines(self) -> list[str]:
        """The report for people; a fallback-only run has regions to tell about, nothing else."""
        kind_labels = dict(RegionKind.choices)
        lines = []
        if self.data_dir:
            lines.append(_("Reference data from %(folder)s") % {"folder": self.data_dir})
        lines.extend(_("  file: %(file)s") % {"file": file} for file in self.files)
        for kind, counts in self.regions.items():
            lines.append(
                _("Regions, %(kind)s: %(counts)s") % {"kind": kind_labels.get(kind, kind), "counts": counts}
            )
        if self.data_dir:
            for kind, counts in self.memberships.items():
                lines.append(
                    _("Memberships (%(kind)s): %(counts)s")
                    % {"kind": kind_labels.get(kind, kind), "counts": counts}
                )
            lines.append(_("Postcodes: %(counts)s") % {"counts": self.postcodes})
            lines.append(
                _("Postcodes in a current municipality: %(resolved)d; without one: %(unresolved)d")
                % {"resolved": self.postcodes_resolved, "unresolved": self.postcodes_unresolved}
            )
        lines.extend(_("Note: %(note)s") % {"note": note} for note in self.notes)
        return lines


# --- planning ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Incoming:
    record: RegionRecord
    # The fallback only fills gaps: it must never undo the boundaries a file import added.
    overwrite: bool
    file: str


@dataclass(frozen=True)
class _PlannedMembership:
    municipality: RegionKey
    parent: RegionKey
    parent_kind: str
    year: int
    source: str


@dataclass(frozen=True)
class _PlannedPostcode:
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


class _RegionPlan:
    """Every region row as it will be after the import."""

    def __init__(self, existing: dict[RegionKey, Region], incoming: Sequence[_Incoming]) -> None:
        self.existing = existing
        self.problems: list[ImportProblem] = []
        self.incoming: dict[RegionKey, _Incoming] = {}
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
    plan: _RegionPlan, tables: Sequence[MembershipTable]
) -> tuple[list[_PlannedMembership], list[ImportProblem]]:
    """Join each CBS table to the municipality set of its year, and check it covers every one."""
    planned: list[_PlannedMembership] = []
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
                _PlannedMembership(
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
    plan: _RegionPlan, municipality_years: Iterable[int], notes: list[str]
) -> tuple[list[_PlannedMembership], list[ImportProblem]]:
    """A municipality's province is where its representative point lies.

    There is no membership table for provinces, and labour-market regions cross province
    borders, so a region's province can never stand in for a municipality's.
    """
    planned: list[_PlannedMembership] = []
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
                _PlannedMembership(
                    municipality=(municipality.code, municipality_year),
                    parent=province,
                    parent_kind=RegionKind.PROVINCE,
                    year=municipality_year,
                    source=source,
                )
            )
    return planned, problems


def _postcodes_plan(
    plan: _RegionPlan, postcode_file: PostcodeFile | None, report: ReferenceImportReport
) -> list[_PlannedPostcode]:
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
        _PlannedPostcode(record=record, municipality=key, source=source)
        for (record, source), key in zip(items, located, strict=True)
    ]


# --- writing -----------------------------------------------------------------------------------


def _regions_existing() -> dict[RegionKey, Region]:
    return {(region.code, region.year): region for region in Region.objects.all()}


def _region_update(region: Region, record: RegionRecord | None, is_current: bool) -> bool:
    """Copy the record onto the row; whether anything changed."""
    values: dict[str, object] = {"is_current": is_current}
    if record is not None:
        values.update(
            name=record.name,
            boundary=record.boundary,
            latitude=record.latitude,
            longitude=record.longitude,
            source=record.source,
        )
    changed = False
    for name, value in values.items():
        if getattr(region, name) != value:
            setattr(region, name, value)
            changed = True
    return changed


def _regions_write(plan: _RegionPlan, report: ReferenceImportReport) -> dict[RegionKey, int]:
    """Create and update the regions; the primary key of every region row."""
    creates: list[Region] = []
    updates: list[Region] = []
    for key, item in plan.incoming.items():
        record = plan.final[key]
        counts = report.regions.setdefault(record.kind, ChangeCounts())
        is_current = record.year == plan.current_year[record.kind]
        region = plan.existing.get(key)
        if region is None:
            creates.append(
                Region(
                    kind=record.kind,
                    code=record.code,
                    name=record.name,
                    year=record.year,
                    is_current=is_current,
                    boundary=record.boundary,
                    latitude=record.latitude,
                    longitude=record.longitude,
                    source=record.source,
                )
            )
            counts.created += 1
        elif _region_update(region, record if item.overwrite else None, is_current):
            updates.append(region)
            counts.updated += 1
        else:
            counts.unchanged += 1
    for key, region in plan.existing.items():
        if key not in plan.incoming and _region_update(
            region, None, region.year == plan.current_year[region.kind]
        ):
            updates.append(region)
            report.regions.setdefault(region.kind, ChangeCounts()).updated += 1
    Region.objects.bulk_create(creates, batch_size=BATCH_SIZE)
    Region.objects.bulk_update(updates, REGION_FIELDS, batch_size=BATCH_SIZE)
    return {(code, year): pk for code, year, pk in Region.objects.values_list("code", "year", "pk")}


def _memberships_write(
    planned: Sequence[_PlannedMembership], ids: dict[RegionKey, int], report: ReferenceImportReport
) -> None:
    existing = {
        (m.municipality_id, m.parent_kind, m.year): m
        for m in RegionMembership.objects.filter(year__in={p.year for p in planned})
    }
    creates: list[RegionMembership] = []
    updates: list[RegionMembership] = []
    for item in planned:
        counts = report.memberships.setdefault(item.parent_kind, ChangeCounts())
        municipality_id, parent_id = ids[item.municipality], ids[item.parent]
        membership = existing.get((municipality_id, item.parent_kind, item.year))
        if membership is None:
            creates.append(
                RegionMembership(
                    municipality_id=municipality_id,
                    parent_id=parent_id,
                    parent_kind=item.parent_kind,
                    year=item.year,
                    source=item.source,
                )
            )
            counts.created += 1
        elif membership.parent_id != parent_id or membership.source != item.source:
            membership.parent_id = parent_id
            membership.source = item.source
            updates.append(membership)
            counts.updated += 1
        else:
            counts.unchanged += 1
    RegionMembership.objects.bulk_create(creates, batch_size=BATCH_SIZE)
    RegionMembership.objects.bulk_update(updates, ["parent", "source"], batch_size=BATCH_SIZE)


def _postcodes_write(
    planned: Sequence[_PlannedPostcode], ids: dict[RegionKey, int], report: ReferenceImportReport
) -> None:
    existing = {postcode.code: postcode for postcode in Postcode.objects.all()}
    creates: list[Postcode] = []
    updates: list[Postcode] = []
    for item in planned:
        record = item.record
        values = {
            "place": record.place,
            "latitude": record.latitude,
            "longitude": record.longitude,
            "kind": record.kind,
            "municipality_id": ids[item.municipality] if item.municipality else None,
            "source": item.source,
        }
        postcode = existing.get(record.code)
        if postcode is None:
            creates.append(Postcode(code=record.code, **values))
            report.postcodes.created += 1
            continue
        changed = False
        for name, value in values.items():
            if getattr(postcode, name) != value:
                setattr(postcode, name, value)
                changed = True
        if changed:
            updates.append(postcode)
            report.postcodes.updated += 1
        else:
            report.postcodes.unchanged += 1
    Postcode.objects.bulk_create(creates, batch_size=BATCH_SIZE)
    Postcode.objects.bulk_update(updates, POSTCODE_FIELDS, batch_size=BATCH_SIZE)


# --- the public services -----------------------------------------------------------------------


def _fallback_incoming() -> list[_Incoming]:
    return [_Incoming(record, overwrite=False, file="fallback") for record in fallback_regions()]


def _fallback_import(report: ReferenceImportReport) -> ReferenceImportReport:
    with transaction.atomic():
        plan = _RegionPlan(_regions_existing(), _fallback_incoming())
        if plan.problems:
            raise DataImportError(plan.problems)
        _regions_write(plan, report)
    return report


@transaction.atomic
def fallback_regions_ensure() -> int:
    """Create whichever built-in regions are missing (never changing existing rows); how many."""
    report = _fallback_import(ReferenceImportReport())
    return sum(counts.created for counts in report.regions.values())


def _files_read(
    files: ReferenceFiles, label: Callable[[Path], str], bar: tqdm, problems: list[ImportProblem]
) -> tuple[list[RegionSet], PostcodeFile | None]:
    """The boundary and postcode files, each checked on its own; problems are collected."""
    region_sets: list[RegionSet] = []
    postcode_file: PostcodeFile | None = None
    for path in files.boundaries:
        bar.set_postfix_str(path.name)
        try:
            region_sets.append(read_region_boundaries(path, label=label(path)))
        except DataImportError as error:
            problems.extend(error.problems)
        bar.update()
    if len(files.postcodes) > 1:
        problems.append(
            ImportProblem(
                file=label(files.postcodes[0]),
                message=_("there are several postcode files (%(files)s); keep one")
                % {"files": ", ".join(label(p) for p in files.postcodes)},
            )
        )
    for path in files.postcodes[:1]:
        bar.set_postfix_str(path.name)
        try:
            postcode_file = read_postcodes(path, label=label(path))
        except DataImportError as error:
            problems.extend(error.problems)
        bar.update()
    problems.extend(_duplicate_sets(region_sets))
    return region_sets, postcode_file


def _membership_tables_read(
    plan: _RegionPlan,
    paths: Sequence[Path],
    label: Callable[[Path], str],
    bar: tqdm,
    problems: list[ImportProblem],
) -> list[MembershipTable]:
    """The CBS tables, each read against the labour-market region names of its year."""
    tables: list[MembershipTable] = []
    for path in paths:
        bar.set_postfix_str(path.name)
        match = MEMBERSHIP_FILE.match(path.name)
        table_year = int(match["year"]) if match else max(plan.current_year.values(), default=0)
        region_year = plan.year_for(RegionKind.LABOUR_MARKET_REGION, table_year)
        names = (
            {r.code: r.name for r in plan.regions(RegionKind.LABOUR_MARKET_REGION, region_year)}
            if region_year is not None
            else {}
        )
        try:
            tables.append(read_labour_market_memberships(path, regions=names, label=label(path)))
        except DataImportError as error:
            problems.extend(error.problems)
        bar.update()
    problems.extend(_duplicate_tables(tables))
    return tables


def _memberships_plan(
    plan: _RegionPlan,
    region_sets: Sequence[RegionSet],
    tables: Sequence[MembershipTable],
    report: ReferenceImportReport,
) -> list[_PlannedMembership]:
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


def _folder_import(data_dir: Path, *, progress: bool) -> ReferenceImportReport:
    files = reference_files_find(data_dir)

    def label(path: Path) -> str:
        return path.relative_to(data_dir).as_posix()

    report = ReferenceImportReport(data_dir=str(data_dir), files=[label(path) for path in files.all])
    if not files.all:
        report.notes.append(_("the folder holds no reference files: only the built-in regions are ensured"))
    problems: list[ImportProblem] = []
    steps = len(files.all) + 2  # every file, then the cross-checks, then the writing
    with tqdm(total=steps, disable=not progress, desc=_("Reference data"), unit=_("step")) as bar:
        region_sets, postcode_file = _files_read(files, label, bar, problems)
        with transaction.atomic():
            plan = _RegionPlan(
                _regions_existing(),
                [
                    *_fallback_incoming(),
                    *(
                        _Incoming(record, overwrite=True, file=region_set.file)
                        for region_set in region_sets
                        for record in region_set.regions
                    ),
                ],
            )
            problems.extend(plan.problems)
            tables = _membership_tables_read(plan, files.memberships, label, bar, problems)
            if problems:
                raise DataImportError(problems)

            # Every file is sound on its own; now they must agree with each other.
            bar.set_postfix_str(_("checking"))
            memberships = _memberships_plan(plan, region_sets, tables, report)
            postcodes = _postcodes_plan(plan, postcode_file, report)
            bar.update()

            bar.set_postfix_str(_("writing"))
            ids = _regions_write(plan, report)
            _memberships_write(memberships, ids, report)
            _postcodes_write(postcodes, ids, report)
            bar.update()
    return report


def _duplicate_sets(region_sets: Sequence[RegionSet]) -> list[ImportProblem]:
    problems = []
    seen: dict[tuple[str, int], str] = {}
    for region_set in region_sets:
        key = (region_set.kind, region_set.year)
        if key in seen:
            problems.append(
                ImportProblem(
                    file=region_set.file,
                    message=_("%(other)s already gives the regions of this kind and year; keep one")
                    % {"other": seen[key]},
                )
            )
        seen.setdefault(key, region_set.file)
    return problems


def _duplicate_tables(tables: Sequence[MembershipTable]) -> list[ImportProblem]:
    problems = []
    seen: dict[int, str] = {}
    for table in tables:
        if table.year in seen:
            problems.append(
                ImportProblem(
                    file=table.file,
                    message=_("%(other)s is a table of the same year; keep one")
                    % {"other": seen[table.year]},
                )
            )
        seen.setdefault(table.year, table.file)
    return problems


def _online_sources_default() -> OnlineSources:
    pc4_url = settings.REFERENCE_PC4_URL
    return OnlineSources(pc4_url=pc4_url) if pc4_url else OnlineSources()


def reference_data_import(
    *,
    data_dir: Path | None = None,
    online: bool = False,
    fallback_only: bool = False,
    progress: bool = False,
    fetch: Fetch | None = None,
    online_sources: OnlineSources | None = None,
) -> ReferenceImportReport:
    """Import the official regions, memberships and postcodes; raise DataImportError, having
    written nothing, on any problem.

    Without ``data_dir`` the folder of ``settings.REFERENCE_DATA_DIR`` is used when it exists,
    else only the built-in regions. ``online`` downloads the same files first (with ``fetch``,
    for tests) and then runs the very same folder import. The download happens before the
    transaction opens: a slow network must not hold database locks.
    """
    if sum([data_dir is not None, online, fallback_only]) > 1:
        raise ValueError("Give at most one of data_dir, online and fallback_only.")
    if fallback_only:
        return _fallback_import(ReferenceImportReport())
    if online:
        with tempfile.TemporaryDirectory(prefix="netwerkkaart-reference-") as folder:
            reference_data_download(
                target_dir=Path(folder),
                sources=online_sources or _online_sources_default(),
                fetch=fetch or urllib_fetch,
            )
            report = _folder_import(Path(folder), progress=progress)
            report.data_dir = _("the official services (PDOK, CBS)")
            return report
    if data_dir is None:
        configured = Path(settings.REFERENCE_DATA_DIR)
        if not configured.is_dir():
            report = _fallback_import(ReferenceImportReport())
            report.notes.append(
                _(
                    "the reference data folder %(folder)s does not exist: only the built-in regions "
                    "are ensured"
                )
                % {"folder": configured}
            )
            return report
        data_dir = configured
    return _folder_import(data_dir, progress=progress)
