"""Planning an import: every row read, checked and compared with the database; nothing written.

The plan holds, per row, what the writing step will do (create, update or leave an initiative, add
partnerships, create organisations) and every problem, named by row and column as the user sees
them. Rules (ADR 12):

* a column that is present decides its field, also when a cell is empty; an absent column leaves
  the field as it is (a new initiative gets the default);
* partners are added, never removed (removing one is a decision for the admin);
* initiatives are matched by the id column, else by slug, else by name and municipality.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from netwerkkaart.initiatives.choices import PublicationStatus
from netwerkkaart.initiatives.models import (
    Activity,
    EducationLevel,
    Goal,
    Initiative,
    TargetGroup,
    Theme,
)
from netwerkkaart.regions.models import Region

from .columns import COLUMNS_BY_KEY, Layout
from .lookups import RegionLookup, TermLookup, kind_lookup, phase_lookup, status_lookup
from .organisation_planning import (
    Decisions,
    NewOrganisation,
    PartnerPlanner,
    PlannedPartner,
    near_match_problem,
)
from .reading.sheet import Sheet, SheetRow
from .report import ImportReport, RowReport
from .rows import ParsedRow, cells_collect, id_parse, slug_parse, website_parse
from .values import (
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    CellError,
    boolean_parse,
    clean_text,
    date_parse,
    datetime_parse,
    decimal_parse,
    list_items,
    one_line,
    text_key,
    year_parse,
)

SCALAR_TEXT_KEYS = (
    "summary",
    "description",
    "place",
    "contact_email",
    "contact_phone",
    "contact_person",
    "source",
    "source_note",
)
TERM_KEYS = ("goals", "themes", "target_groups", "education_levels", "activities")
# Model field -> column, for the messages of the model's own validation.
FIELD_COLUMNS = {
    "contact_person_consent_on": ("contact_person_consent_on", "contact_person"),
    "end_year": ("end_year", "start_year"),
}


@dataclass
class PlannedRow:
    report: RowReport
    existing: Initiative | None
    fictitious: bool = False
    # For a new initiative every field; for an existing one only what changes.
    fields: dict[str, Any] = field(default_factory=dict)
    publish: bool = False
    published_at: datetime | None = None
    partners: list[PlannedPartner] = field(default_factory=list)


@dataclass
class Plan:
    report: ImportReport
    rows: list[PlannedRow] = field(default_factory=list)
    new_organisations: list[NewOrganisation] = field(default_factory=list)


class Planner:
    def __init__(self, sheet: Sheet, layout: Layout, decisions: Decisions, *, dry_run: bool) -> None:
        self.sheet = sheet
        self.file = sheet.file
        self.layout = layout
        self.decisions = decisions
        self.dry_run = dry_run
        self.regions = RegionLookup()
        self.kinds = kind_lookup()
        self.phases = phase_lookup()
        self.statuses = status_lookup()
        self.terms: dict[str, TermLookup[Any]] = {
            "goals": TermLookup(Goal),
            "themes": TermLookup(Theme),
            "target_groups": TermLookup(TargetGroup),
            "education_levels": TermLookup(EducationLevel),
            "activities": TermLookup(Activity),
        }
        self.partners = PartnerPlanner(self.file, decisions, dry_run=dry_run)
        # The column with the regions served: its own, else a labour-market region column.
        self.served_key = next((k for k in ("regions_served", "labour_market_regions") if layout.has(k)), "")

    # --- rows -------------------------------------------------------------------------------

    def plan(self, rows: list[SheetRow], tick: Callable[[], None]) -> Plan:
        report = ImportReport(file=self.file, format=self.sheet.format, dry_run=self.dry_run)
        parsed = []
        for row in rows:
            parsed.append(self._parse(row))
            tick()
        existing = self._match(parsed)
        plan = Plan(report)
        seen: dict[tuple[Any, ...], int] = {}
        for item in parsed:
            planned = self._compare(item, existing.get(item.row.number), seen)
            plan.rows.append(planned)
            report.rows.append(planned.report)
            tick()
        plan.new_organisations = self.partners.new_organisations
        report.near_matches = sorted(self.partners.near.values(), key=lambda near: near.rows[0])
        report.organisations_created = [org.name for org in self.partners.new_organisations]
        if not self.dry_run:
            for near in report.open_near_matches:
                report.file_problems.append(near_match_problem(self.file, near))
        return plan

    def _parse(self, row: SheetRow) -> ParsedRow:
        cells = cells_collect(self.file, row, self.layout, is_csv=self.sheet.format == "csv")
        item = ParsedRow(row=row, cells=cells)
        if cells.malformed:
            return item
        item.name = one_line(cells.get("name"))
        if not item.name:
            cells.problem("name", _("The name of the initiative is empty; it is required."))
        elif len(item.name) > (Initiative._meta.get_field("name").max_length or 200):
            cells.problem("name", _("The name is longer than 200 characters."))
        item.id = cells.parse("id", id_parse) if cells.has("id") else None
        item.slug = (cells.parse("slug", slug_parse) or "") if cells.has("slug") else ""
        values = item.values
        if cells.has("kind"):
            values["kind"] = cells.parse("kind", lambda t: self.kinds.get(t) if t.strip() else "other")
        if cells.has("phase"):
            values["phase"] = cells.parse("phase", lambda t: self.phases.get(t) if t.strip() else "")
        if cells.has("status") and cells.get("status").strip():
            item.status = cells.parse("status", self.statuses.get)
        for key in SCALAR_TEXT_KEYS:
            if cells.has(key):
                values[key] = clean_text(cells.get(key))
        if cells.has("website"):
            values["website"] = website_parse(cells.get("website"))
        for key in ("start_year", "end_year"):
            if cells.has(key):
                values[key] = cells.parse(key, year_parse)
        for key in ("contact_person_consent_on", "verified_on"):
            if cells.has(key):
                values[key] = cells.parse(key, date_parse)
        if cells.has("latitude"):
            values["latitude"] = cells.parse(
                "latitude",
                lambda t: decimal_parse(
                    t, lower=LATITUDE_RANGE[0], upper=LATITUDE_RANGE[1], what=_("latitude")
                ),
            )
        if cells.has("longitude"):
            values["longitude"] = cells.parse(
                "longitude",
                lambda t: decimal_parse(
                    t, lower=LONGITUDE_RANGE[0], upper=LONGITUDE_RANGE[1], what=_("longitude")
                ),
            )
        if cells.has("fictitious"):
            values["fictitious"] = bool(cells.parse("fictitious", boolean_parse))
        item.fictitious = bool(values.get("fictitious"))
        if cells.has("published_at"):
            item.published_at = cells.parse("published_at", datetime_parse)
        if cells.has("municipality"):
            text = cells.get("municipality").strip()
            values["municipality"] = cells.parse("municipality", self.regions.municipality) if text else None
        served_key = self.served_key
        if served_key:
            served: list[Region] = []
            for text in list_items(cells.get(served_key)):
                try:
                    served.append(self.regions.served(text))
                except CellError as error:
                    cells.problem(served_key, str(error))
            item.regions_served = list(dict.fromkeys(served))
        for key in TERM_KEYS:
            if cells.has(key):
                lookup = self.terms[key]

                def terms_parse(text: str, lookup: TermLookup[Any] = lookup) -> list[Any]:
                    return lookup.parse(list_items(text))

                terms = cells.parse(key, terms_parse)
                values[key] = terms if terms is not None else []
        return item

    def _match(self, parsed: list[ParsedRow]) -> dict[int, Initiative]:
        """The existing initiative of each row (by row number), loaded with its relations."""
        ids = {item.id for item in parsed if item.id}
        slugs = {item.slug for item in parsed if item.slug}
        by_id: dict[int, tuple[int, str]] = {}
        by_slug: dict[str, int] = {}
        for pk, slug in Initiative.objects.filter(pk__in=ids).values_list("pk", "slug"):
            by_id[pk] = (pk, slug)
        for pk, slug in Initiative.objects.filter(slug__in=slugs).values_list("pk", "slug"):
            by_slug[slug] = pk
        by_name: dict[str, list[tuple[int, int | None]]] = {}
        names = {text_key(item.name) for item in parsed if item.name and not item.slug}
        if names:
            rows = Initiative.objects.values_list("pk", "name", "municipality_id").order_by("pk")
            for pk, name, municipality_id in rows.iterator(chunk_size=5000):
                key = text_key(name)
                if key in names:
                    by_name.setdefault(key, []).append((pk, municipality_id))
        matched: dict[int, int] = {}
        for item in parsed:
            cells = item.cells
            pk_by_id = by_id[item.id][0] if item.id in by_id else None
            if item.id and pk_by_id is None:
                item.notes.append(
                    _("There is no initiative with id %(id)s in this database; the id is not used.")
                    % {"id": item.id}
                )
            pk_by_slug = by_slug.get(item.slug) if item.slug else None
            if pk_by_id and pk_by_slug and pk_by_id != pk_by_slug:
                cells.problem(
                    "slug",
                    _("The id %(id)s and the slug '%(slug)s' belong to two different initiatives.")
                    % {"id": item.id, "slug": item.slug},
                )
                continue
            found: int | None = pk_by_id or pk_by_slug
            if found is None and not item.slug and item.name:
                found = self._match_by_name(item, by_name.get(text_key(item.name), []))
            if found is not None:
                matched[item.row.number] = found
        loaded = {
            initiative.pk: initiative
            for initiative in Initiative.objects.filter(pk__in=set(matched.values())).prefetch_related(
                "regions_served",
                *TERM_KEYS,
                "partnerships",
            )
        }
        return {row: loaded[pk] for row, pk in matched.items() if pk in loaded}

    def _match_by_name(self, item: ParsedRow, candidates: list[tuple[int, int | None]]) -> int | None:
        if not candidates:
            return None
        if "municipality" not in item.values:
            if len(candidates) == 1:
                return candidates[0][0]
            item.cells.problem(
                "name",
                _(
                    "%(count)d initiatives in the database have this name; add a slug or municipality "
                    "column to say which one is meant."
                )
                % {"count": len(candidates)},
            )
            return None
        municipality = item.values["municipality"]
        municipality_id = municipality.pk if isinstance(municipality, Region) else None
        same = [pk for pk, place in candidates if place == municipality_id]
        if len(same) == 1:
            return same[0]
        if same:
            item.cells.problem(
                "name",
                _(
                    "%(count)d initiatives in the database have this name and municipality; add a "
                    "slug column to say which one is meant."
                )
                % {"count": len(same)},
            )
            return None
        item.notes.append(
            _(
                "An initiative with this name exists in another municipality; this row creates a new "
                "one. Add the slug column to update that one instead."
            )
        )
        return None

    # --- comparing ---------------------------------------------------------------------------

    def _compare(
        self, item: ParsedRow, existing: Initiative | None, seen: dict[tuple[Any, ...], int]
    ) -> PlannedRow:
        cells = item.cells
        report = RowReport(row=item.row.number, name=item.name, outcome="", notes=item.notes)
        planned = PlannedRow(report=report, existing=existing, fictitious=item.fictitious)
        if cells.malformed:
            report.problems = cells.problems
            report.outcome = "refused"
            return planned
        self._duplicate_check(item, existing, seen)
        if existing is not None:
            report.slug = existing.slug
            self._changes(item, existing, planned)
        else:
            report.slug = item.slug
            self._new(item, planned)
        self.partners.plan(item, existing, planned)
        report.organisations_created = item.organisations_created
        report.problems = cells.problems
        if cells.problems:
            report.outcome = "refused"
        elif existing is None:
            report.outcome = "created"
        elif report.changes or planned.partners or planned.publish:
            report.outcome = "updated"
        else:
            report.outcome = "unchanged"
        return planned

    def _duplicate_check(
        self, item: ParsedRow, existing: Initiative | None, seen: dict[tuple[Any, ...], int]
    ) -> None:
        if existing is not None:
            key: tuple[Any, ...] = ("pk", existing.pk)
        elif item.slug:
            key = ("slug", item.slug)
        elif item.name:
            municipality = item.values.get("municipality")
            key = ("name", text_key(item.name), municipality.pk if isinstance(municipality, Region) else None)
        else:
            return
        if key in seen:
            item.cells.problem(
                "slug" if key[0] == "slug" else "name",
                _("This initiative is already on row %(row)d; each initiative may appear once.")
                % {"row": seen[key]},
            )
        else:
            seen[key] = item.row.number

    def _scalars(self, item: ParsedRow) -> dict[str, Any]:
        """The scalar fields of the row whose cells could be read (a refused one has its problem)."""
        return {
            key: value
            for key, value in item.values.items()
            if key not in TERM_KEYS and key not in item.cells.failed
        }

    def _validate(self, item: ParsedRow, initiative: Initiative) -> None:
        try:
            initiative.full_clean(
                exclude={"slug", *item.cells.failed}, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                key = self._column_for_field(field_name)
                for message in messages:
                    item.cells.problem(key, message)

    def _column_for_field(self, field_name: str) -> str | None:
        options = FIELD_COLUMNS.get(field_name, (field_name,))
        for key in options:
            if self.layout.has(key):
                return key
        return options[0] if options[0] in COLUMNS_BY_KEY else None

    def _new(self, item: ParsedRow, planned: PlannedRow) -> None:
        fields = self._scalars(item)
        municipality = fields.get("municipality")
        if (
            isinstance(municipality, Region)
            and "latitude" not in fields
            and "longitude" not in fields
            and municipality.latitude is not None
        ):
            fields["latitude"] = municipality.latitude
            fields["longitude"] = municipality.longitude
        initiative = Initiative(
            name=item.name or "-", slug=item.slug or "new", status=PublicationStatus.DRAFT
        )
        for key, value in fields.items():
            setattr(initiative, key, value)
        self._validate(item, initiative)
        for key in TERM_KEYS:
            if key in item.values:
                fields[key] = item.values[key]
        if item.regions_served is not None:
            fields["regions_served"] = item.regions_served
        planned.fields = fields
        status = item.status or PublicationStatus.PUBLISHED
        if status == PublicationStatus.ARCHIVED:
            item.cells.problem("status", _("A new initiative cannot be imported as archived."))
        planned.publish = status == PublicationStatus.PUBLISHED
        planned.published_at = item.published_at

    def _changes(self, item: ParsedRow, existing: Initiative, planned: PlannedRow) -> None:
        changed: dict[str, Any] = {}
        for key, value in self._scalars(item).items():
            current = getattr(existing, key)
            if key == "municipality":
                current = existing.municipality_id
                value_pk = value.pk if isinstance(value, Region) else None
                if current != value_pk:
                    changed[key] = value
                continue
            # ODS keeps a line break without its carriage return: that is no change.
            if (
                key == "description"
                and isinstance(current, str)
                and current.replace("\r\n", "\n").strip() == str(value).replace("\r\n", "\n").strip()
            ):
                continue
            if current != value and not (current in (None, "") and value in (None, "")):
                changed[key] = value
        if item.name and item.name != existing.name:
            changed["name"] = item.name
        candidate = copy.copy(existing)
        for key, value in changed.items():
            setattr(candidate, key, value)
        self._validate(item, candidate)
        for key in TERM_KEYS:
            if key in item.values:
                current_pks = {term.pk for term in getattr(existing, key).all()}
                if current_pks != {term.pk for term in item.values[key]}:
                    changed[key] = item.values[key]
        wanted = item.regions_served
        if wanted is not None and {r.pk for r in existing.regions_served.all()} != {r.pk for r in wanted}:
            changed["regions_served"] = wanted
        if item.slug and item.slug != existing.slug:
            item.notes.append(
                _("The slug '%(slug)s' differs from the initiative's slug '%(current)s'; slugs stay.")
                % {"slug": item.slug, "current": existing.slug}
            )
        status = item.status
        if status == PublicationStatus.PUBLISHED and existing.status != PublicationStatus.PUBLISHED:
            planned.publish = True
            planned.report.changes.append(self.layout.header_of("status"))
        elif status and status != PublicationStatus.PUBLISHED and status != existing.status:
            item.cells.problem(
                "status",
                _(
                    "The import can publish an initiative, not withdraw or archive it; change its "
                    "status in the admin."
                ),
            )
        planned.fields = changed
        order = {column.key: column.index for column in self.layout.columns}
        planned.report.changes[:0] = [
            self.layout.header_of(key) for key in sorted(changed, key=lambda key: order.get(key, -1))
        ]
