"""Writing a checked plan: create and update only the rows that differ, in batches."""

from collections.abc import Sequence

from ..models import Postcode, Region, RegionMembership
from ..sources import RegionRecord
from .planning import PlannedMembership, PlannedPostcode, RegionKey, RegionPlan
from .report import ChangeCounts, ReferenceImportReport

REGION_FIELDS = ["name", "boundary", "latitude", "longitude", "source", "is_current"]
POSTCODE_FIELDS = ["place", "latitude", "longitude", "kind", "municipality", "source"]
BATCH_SIZE = 500


def regions_existing() -> dict[RegionKey, Region]:
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


def regions_write(plan: RegionPlan, report: ReferenceImportReport) -> dict[RegionKey, int]:
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


def memberships_write(
    planned: Sequence[PlannedMembership], ids: dict[RegionKey, int], report: ReferenceImportReport
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


def postcodes_write(
    planned: Sequence[PlannedPostcode], ids: dict[RegionKey, int], report: ReferenceImportReport
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
