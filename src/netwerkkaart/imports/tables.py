"""The import of the export's other files: organisations, partnerships and yearly figures.

Each file is one table with fixed columns (docs/data/export-format.md; Dutch headers are understood
too). The rules are those of the initiatives import (ADR 12): the whole file is read and checked
first, every problem is named by row, column and reason, and only a file without problems is
written, in one transaction, in bulk (``tables_write``). A present column decides its field, also
when a cell is empty; an absent column leaves it. Importing the same file twice changes nothing.

* **Organisations** are matched by KvK number, then school code, then slug, then name (the match key
  of ``matching``); near matches wait for a person's decision, as in the initiatives import. A
  matched organisation gets the file's details (its slug stays); a new one keeps the file's slug.
* **Partnerships** name an initiative by slug and an organisation by slug (else by name): both must
  exist (import the organisations and initiatives files first). A partnership that exists (same
  initiative, organisation and role) gets the file's years; others are added, none removed.
* **Yearly figures** name an initiative by slug; one row per (initiative, year, source).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netwerkkaart.core.errors import ImportProblem
from netwerkkaart.initiatives.choices import PartnershipRole
from netwerkkaart.initiatives.models import Initiative, Partnership, YearlyFigure
from netwerkkaart.initiatives.result_index import initiative_index_invalidate
from netwerkkaart.organisations.choices import OrganisationKind, SizeClass
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.search.services import search_index_update_many

from .columns import Layout, SheetColumn, header_key
from .lookups import ChoiceLookup, RegionLookup
from .matching import KnownOrganisation, OrganisationIndex, organisation_match_key
from .organisation_planning import NEW, Decisions, near_match_problem
from .partners import KIND_WORDS, ROLE_AND_KIND_WORDS, ROLE_WORDS, SIZE_WORDS, PartnerEntry
from .reading.sheet import RefusedCell, Sheet, SheetRow, column_letter
from .report import Candidate, ImportReport, NearMatch, RowReport
from .rows import RowCells, cells_collect, slug_parse, website_parse
from .values import CellError, boolean_parse, clean_text, date_parse, one_line, year_parse

INITIATIVES = "initiatives"
ORGANISATIONS = "organisations"
PARTNERSHIPS = "partnerships"
YEARLY_FIGURES = "yearly_figures"
KINDS = (INITIATIVES, ORGANISATIONS, PARTNERSHIPS, YEARLY_FIGURES)
# For messages: the file's name in the export (Dutch, as the paths) with what it holds.
KIND_LABELS = {
    INITIATIVES: gettext_lazy("initiatives (initiatieven)"),
    ORGANISATIONS: gettext_lazy("organisations (organisaties)"),
    PARTNERSHIPS: gettext_lazy("partnerships (samenwerkingen)"),
    YEARLY_FIGURES: gettext_lazy("yearly figures (jaarcijfers)"),
}
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class TableColumn:
    key: str  # the export's column name
    aliases: tuple[str, ...] = ()
    required: bool = False
    read: bool = True  # False: derived in the export, recognised and not read


def _t(key: str, *aliases: str, required: bool = False, read: bool = True) -> TableColumn:
    return TableColumn(key, aliases, required, read)


_FIGURES = (
    "companies",
    "smes",
    "students_reached",
    "teachers",
    "hybrid_teachers",
    "postinitial_participants",
)

TABLES: dict[str, tuple[TableColumn, ...]] = {
    ORGANISATIONS: (
        _t("slug"),
        _t("name", "naam", "organisatie", "naam organisatie", "organisation", required=True),
        _t("fictitious", "fictief"),
        _t("kind", "soort", "type", "soort organisatie"),
        _t("size_class", "grootte", "omvang", "size"),
        _t("kvk_number", "kvk", "kvk nummer", "kvknummer", "coc number"),
        _t("school_code", "brin", "brin code", "brincode", "instellingscode", "schoolcode"),
        _t("website", "webadres", "url"),
        _t("city", "plaats", "vestigingsplaats", "stad"),
        _t("municipality", "gemeente", "gemeentecode"),
        _t("initiative_count", read=False),
    ),
    PARTNERSHIPS: (
        _t("initiative_slug", "initiatief slug", "initiatief", required=True),
        _t("initiative_name", "naam initiatief", read=False),
        _t("organisation_slug", "organisatie slug"),
        _t("organisation_name", "naam organisatie", "organisatie"),
        _t("role", "rol", required=True),
        _t("since", "sinds", "vanaf"),
        _t("until", "tot", "tot en met"),
        _t("fictitious", "fictief", read=False),
    ),
    YEARLY_FIGURES: (
        _t("initiative_slug", "initiatief slug", "initiatief", required=True),
        _t("initiative_name", "naam initiatief", read=False),
        _t("year", "jaar", required=True),
        _t("source", "bron", required=True),
        _t("companies", "bedrijven"),
        _t("smes", "mkb", "waarvan mkb"),
        _t("students_reached", "studenten bereikt", "bereikte studenten"),
        _t("teachers", "docenten"),
        _t("hybrid_teachers", "hybride docenten"),
        _t("postinitial_participants", "deelnemers postinitieel", "postinitiele deelnemers"),
        _t("women_share", "aandeel vrouwen", "percentage vrouwen"),
        _t("reported_on", "gerapporteerd op", "peildatum"),
        _t("fictitious", "fictief", read=False),
    ),
}
_BY_HEADER: dict[str, dict[str, TableColumn]] = {
    kind: {header_key(text): column for column in columns for text in (column.key, *column.aliases)}
    for kind, columns in TABLES.items()
}
# What tells the files apart (by the export's own headers).
_SIGNATURES: tuple[tuple[str, frozenset[str]], ...] = (
    (PARTNERSHIPS, frozenset({"initiative slug", "role"})),
    (YEARLY_FIGURES, frozenset({"initiative slug", "year", "source"})),
    (ORGANISATIONS, frozenset({"name", "kvk number"})),
    (ORGANISATIONS, frozenset({"name", "school code"})),
    (ORGANISATIONS, frozenset({"name", "initiative count"})),
)


def _cell_text(cell: str | RefusedCell) -> str:
    return cell if isinstance(cell, str) else cell.text


def kind_detect(sheet: Sheet) -> str:
    """Which file this is, from its header row (the export's column names); initiatives otherwise."""
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        keys = {header_key(_cell_text(cell)) for cell in row.cells}
        for kind, signature in _SIGNATURES:
            if signature <= keys:
                return kind
    return INITIATIVES


class TableLayout(Layout):
    """The header row of a table file and its columns, read by ``rows.cells_collect`` as the
    initiatives layout is; these files have no partner lists."""

    @property
    def partner_keys(self) -> tuple[str, ...]:
        return ()

    def header_of(self, key: str) -> str:
        return next((c.header for c in self.columns if c.key == key), key)


def table_layout_find(sheet: Sheet, kind: str) -> tuple[TableLayout | None, list[ImportProblem]]:
    file = sheet.file
    by_header = _BY_HEADER[kind]
    required = [column.key for column in TABLES[kind] if column.required]
    if not sheet.rows:
        return None, [ImportProblem(file, _("The file holds no rows: a header row is expected."))]
    scored = []
    for position, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        found = {by_header[k].key for cell in row.cells if (k := header_key(_cell_text(cell))) in by_header}
        scored.append((len(found), -position, row, found))
    count, _position, header, found = max(scored, key=lambda item: item[:2])
    missing = [key for key in required if key not in found]
    if missing:
        return None, [
            ImportProblem(
                file,
                _(
                    "No header row with the required columns %(columns)s was found in the first "
                    "%(count)d rows."
                )
                % {"columns": ", ".join(f"'{key}'" for key in missing), "count": HEADER_SEARCH_ROWS},
                row=header.number if count else sheet.rows[0].number,
            )
        ]
    problems: list[ImportProblem] = []
    columns: list[SheetColumn] = []
    ignored: list[str] = []
    ignored_indexes: set[int] = set()
    seen: dict[str, SheetColumn] = {}
    for index, cell in enumerate(header.cells):
        if isinstance(cell, RefusedCell):
            problems.append(ImportProblem(file, cell.reason, row=header.number, column=column_letter(index)))
            continue
        written = " ".join(cell.split())
        if not written:
            continue
        column = by_header.get(header_key(written))
        if column is None or not column.read:
            ignored.append(written)
            ignored_indexes.add(index)
            continue
        if column.key in seen:
            problems.append(
                ImportProblem(
                    file,
                    _("This column appears twice: column %(first)s ('%(header)s') holds the same field.")
                    % {"first": column_letter(seen[column.key].index), "header": seen[column.key].header},
                    row=header.number,
                    column=written,
                )
            )
            ignored_indexes.add(index)
            continue
        seen[column.key] = SheetColumn(index, column.key, written)
        columns.append(seen[column.key])
    width = max((index + 1 for index, cell in enumerate(header.cells) if _cell_text(cell).strip()), default=0)
    return TableLayout(header.number, columns, ignored, ignored_indexes, width), problems


# --- values --------------------------------------------------------------------------------------


def count_parse(text: str) -> int | None:
    """A whole number of at least 0 (a spreadsheet may write 12 as 12.0)."""
    text = text.strip()
    if not text:
        return None
    if text.endswith(".0") or text.endswith(",0"):
        text = text[:-2]
    if not text.isdigit() or len(text) > 9:
        raise CellError(_("'%(value)s' is not a whole number of 0 or more.") % {"value": text})
    return int(text)


def percentage_parse(text: str) -> Decimal | None:
    """A percentage from 0 to 100 with at most two decimals (a decimal comma is read too)."""
    text = text.strip().removesuffix("%").strip()
    if not text:
        return None
    normalised = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    try:
        value = Decimal(normalised)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= 100:
        raise CellError(_("'%(value)s' is not a percentage from 0 to 100.") % {"value": text})
    rounded = value.quantize(Decimal("0.01"))
    if rounded != value:
        raise CellError(_("'%(value)s' has more than two decimals.") % {"value": text})
    return rounded


def kvk_parse(text: str) -> str:
    digits = "".join(text.split()).removesuffix(".0")
    if digits and (len(digits) != 8 or not digits.isdigit()):
        raise CellError(_("'%(value)s' is not a KvK number (eight digits).") % {"value": text.strip()})
    return digits


# --- plans ---------------------------------------------------------------------------------------


@dataclass
class TableRow:
    """What the write does for one row: create ``instance``, or update its ``changed`` fields."""

    report: RowReport
    instance: models.Model | None = None
    create: bool = False
    changed: list[str] = field(default_factory=list)


@dataclass
class TablePlan:
    kind: str
    report: ImportReport
    rows: list[TableRow] = field(default_factory=list)


def _validate(
    cells: RowCells, instance: models.Model, exclude: set[str], columns: dict[str, str] | None = None
) -> None:
    """The model's own validation, each message named by its column. Without queries: uniqueness is
    checked by the planner, and foreign keys are excluded (they come from lookups of existing rows)."""
    try:
        instance.full_clean(exclude=exclude | cells.failed, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            key = (columns or {}).get(field_name, field_name)
            for message in messages:
                cells.problem(key if cells.has(key) else None, message)


class _TablePlanner:
    kind: str

    def __init__(self, sheet: Sheet, layout: TableLayout, decisions: Decisions, *, dry_run: bool) -> None:
        self.sheet = sheet
        self.file = sheet.file
        self.layout = layout
        self.decisions = decisions
        self.dry_run = dry_run
        self.seen: dict[tuple[Any, ...], int] = {}

    def plan(self, rows: list[SheetRow], tick: Callable[[], None]) -> TablePlan:
        report = ImportReport(file=self.file, format=self.sheet.format, dry_run=self.dry_run, kind=self.kind)
        plan = TablePlan(self.kind, report)
        collected = []
        for row in rows:
            collected.append(cells_collect(self.file, row, self.layout, is_csv=self.sheet.format == "csv"))
            tick()
        self.prepare(collected)
        for cells in collected:
            planned = TableRow(RowReport(row=cells.row.number, name="", outcome=""))
            if not cells.malformed:
                self.row_plan(cells, planned)
            planned.report.problems = cells.problems
            if cells.problems:
                planned.report.outcome = "refused"
            elif planned.create:
                planned.report.outcome = "created"
            elif planned.changed:
                planned.report.outcome = "updated"
            else:
                planned.report.outcome = "unchanged"
            order = {column.key: column.index for column in self.layout.columns}
            planned.report.changes = [
                self.layout.header_of(key)
                for key in sorted(planned.changed, key=lambda key: order.get(self.column_of(key), -1))
            ]
            plan.rows.append(planned)
            report.rows.append(planned.report)
            tick()
        self.finish(plan)
        return plan

    def prepare(self, collected: list[RowCells]) -> None:
        """Load what the rows refer to, in a fixed number of queries."""

    def row_plan(self, cells: RowCells, planned: TableRow) -> None:
        raise NotImplementedError

    def finish(self, plan: TablePlan) -> None:
        pass

    def column_of(self, field_name: str) -> str:
        return field_name

    def once(self, cells: RowCells, key: tuple[Any, ...], column: str) -> bool:
        """False (and a problem) when the same thing is already on an earlier row."""
        if key in self.seen:
            cells.problem(
                column,
                _("This is already on row %(row)d; each may appear once.") % {"row": self.seen[key]},
            )
            return False
        self.seen[key] = cells.row.number
        return True

    def _changes(self, instance: models.Model, values: dict[str, Any]) -> list[str]:
        changed = []
        for name, value in values.items():
            current = getattr(instance, name)
            if isinstance(current, models.Model) or isinstance(value, models.Model):
                current = getattr(instance, f"{name}_id")
                value = value.pk if value is not None else None
            if current != value and not (current in (None, "") and value in (None, "")):
                changed.append(name)
        return changed

    def initiatives_by_slug(self, collected: list[RowCells]) -> dict[str, Initiative]:
        slugs = {cells.get("initiative_slug").strip() for cells in collected}
        return {
            initiative.slug: initiative
            for initiative in Initiative.objects.filter(slug__in=slugs).only("pk", "slug", "name")
        }

    def initiative_of(self, cells: RowCells, initiatives: dict[str, Initiative]) -> Initiative | None:
        slug = cells.get("initiative_slug").strip()
        if not slug:
            cells.problem("initiative_slug", _("The initiative's slug is empty; it is required."))
            return None
        initiative = initiatives.get(slug)
        if initiative is None:
            cells.problem(
                "initiative_slug",
                _(
                    "There is no initiative with the slug '%(slug)s'; import the initiatives file "
                    "(initiatieven) first."
                )
                % {"slug": slug},
            )
        return initiative


class OrganisationPlanner(_TablePlanner):
    kind = ORGANISATIONS

    def __init__(self, sheet: Sheet, layout: TableLayout, decisions: Decisions, *, dry_run: bool) -> None:
        super().__init__(sheet, layout, decisions, dry_run=dry_run)
        self.kinds = ChoiceLookup(
            OrganisationKind,
            {**KIND_WORDS, **{word: kind for word, (_r, kind) in ROLE_AND_KIND_WORDS.items()}},
        )
        self.sizes = ChoiceLookup(SizeClass, SIZE_WORDS)
        self.regions = RegionLookup()
        self.index = OrganisationIndex()
        self.by_slug = {known.slug: known for known in self.index.by_pk.values()}
        self.near: dict[str, NearMatch] = {}
        self.by_name = False  # whether the row being planned matched by its name
        # Identifiers and slugs the new organisations of this file take.
        self.new_slugs: set[str] = set()
        self.loaded: dict[int, Organisation] = {}

    def prepare(self, collected: list[RowCells]) -> None:
        matched = set()
        for cells in collected:
            for how, key in (("kvk", "kvk_number"), ("school", "school_code"), ("slug", "slug")):
                text = cells.get(key).strip().upper() if key == "school_code" else cells.get(key).strip()
                found = {"kvk": self.index.by_kvk, "school": self.index.by_school_code, "slug": self.by_slug}[
                    how
                ].get(text)
                if found:
                    matched.add(found.pk)
            for known in self.index.by_key.get(organisation_match_key(cells.get("name")), []):
                matched.add(known.pk)
        self.loaded = Organisation.objects.in_bulk(matched)

    def _match(
        self, cells: RowCells, entry: PartnerEntry, slug: str
    ) -> tuple[KnownOrganisation | None, bool]:
        """The existing organisation of the row, and whether it waits for a decision."""
        index = self.index
        if entry.kvk_number and entry.kvk_number in index.by_kvk:
            return index.by_kvk[entry.kvk_number], False
        if entry.school_code and entry.school_code in index.by_school_code:
            return index.by_school_code[entry.school_code], False
        if slug and slug in self.by_slug:
            return self.by_slug[slug], False
        match = index.match(entry)
        if match.organisation is not None:
            self.by_name = True
            return match.organisation, False
        if match.how == "ambiguous":
            cells.problem(
                "name",
                _("%(count)d organisations have the name '%(name)s'; give the organisation's slug.")
                % {"count": len(match.near), "name": entry.name},
            )
            return None, False
        if not match.near:
            return None, False
        key = organisation_match_key(entry.name)
        near = self.near.get(key)
        if near is None:
            near = NearMatch(
                key=key,
                name=entry.name,
                rows=[],
                column=self.layout.header_of("name"),
                candidates=[
                    Candidate(k.pk, k.name, k.slug, k.kvk_number, k.school_code, score)
                    for k, score in match.near
                ],
                decision=self.decisions.get(key),
            )
            self.near[key] = near
        near.rows.append(cells.row.number)
        if near.decision is None:
            return None, True
        if near.decision == NEW:
            return None, False
        known = index.by_pk.get(near.decision)
        if known is None:
            cells.problem(
                "name", _("The organisation chosen for '%(name)s' no longer exists.") % {"name": entry.name}
            )
        self.by_name = True
        return known, False

    def row_plan(self, cells: RowCells, planned: TableRow) -> None:
        name = one_line(cells.get("name"))
        planned.report.name = name
        if not name:
            cells.problem("name", _("The name of the organisation is empty; it is required."))
            return
        slug = (cells.parse("slug", slug_parse) or "") if cells.has("slug") else ""
        values: dict[str, Any] = {"name": name}
        if cells.has("kind"):
            values["kind"] = cells.parse(
                "kind", lambda t: self.kinds.get(t) if t.strip() else OrganisationKind.OTHER
            )
        if cells.has("size_class"):
            values["size_class"] = cells.parse("size_class", lambda t: self.sizes.get(t) if t.strip() else "")
        if cells.has("kvk_number"):
            values["kvk_number"] = cells.parse("kvk_number", kvk_parse)
        if cells.has("school_code"):
            values["school_code"] = cells.get("school_code").strip().upper()
        if cells.has("website"):
            values["website"] = website_parse(cells.get("website"))
        if cells.has("city"):
            values["city"] = one_line(cells.get("city"))
        if cells.has("municipality"):
            text = cells.get("municipality").strip()
            values["municipality"] = cells.parse("municipality", self.regions.municipality) if text else None
        if cells.has("fictitious"):
            values["fictitious"] = bool(cells.parse("fictitious", boolean_parse))
        values = {key: value for key, value in values.items() if key not in cells.failed}
        entry = PartnerEntry(
            written=name,
            name=name,
            kvk_number=values.get("kvk_number") or "",
            school_code=values.get("school_code") or "",
        )
        self.by_name = False
        known, pending = self._match(cells, entry, slug)
        if known is not None and self.by_name:
            # Matched by (nearly) the same name: the organisation keeps its own spelling; a name
            # changes only with an identifier (KvK number, school code, slug) to go by.
            values.pop("name")
        if pending:
            if not self.dry_run:
                return  # reported once for the file, as in the initiatives import
            planned.report.notes.append(_("(new organisation unless confirmed otherwise)"))
        identity: tuple[Any, ...] = ("pk", known.pk) if known else ("slug", slug) if slug else ("name", name)
        if not self.once(cells, identity, "slug" if identity[0] == "slug" else "name"):
            return
        for key, index in (("kvk_number", self.index.by_kvk), ("school_code", self.index.by_school_code)):
            value = values.get(key)
            if not value:
                continue
            other = index.get(value)
            if other is not None and (known is None or other.pk != known.pk):
                cells.problem(
                    key,
                    _("'%(value)s' belongs to the organisation '%(name)s' (%(slug)s).")
                    % {"value": value, "name": other.name, "slug": other.slug},
                )
            else:
                self.once(cells, (key, value), key)
        if known is None:
            organisation = Organisation(**{"kind": OrganisationKind.OTHER, **values})
            organisation.slug = slug or self._slug_new(name)
            if slug:
                if slug in self.new_slugs:
                    cells.problem("slug", _("The slug '%(slug)s' is taken.") % {"slug": slug})
                self.new_slugs.add(slug)
            _validate(cells, organisation, {"slug", "municipality"})
            self._size_check(cells, organisation)
            planned.instance, planned.create = organisation, True
            planned.report.slug = organisation.slug
            return
        existing = self.loaded.get(known.pk)
        if existing is None:  # chosen for a near match: not among those loaded by name
            existing = self.loaded[known.pk] = Organisation.objects.get(pk=known.pk)
        planned.report.slug = existing.slug
        if slug and slug != existing.slug:
            planned.report.notes.append(
                _("The slug '%(slug)s' differs from the organisation's slug '%(current)s'; slugs stay.")
                % {"slug": slug, "current": existing.slug}
            )
        changed = self._changes(existing, values)
        if changed:
            for key in changed:
                setattr(existing, key, values[key])
            _validate(cells, existing, {"slug", "municipality"})
            self._size_check(cells, existing)
        planned.instance, planned.changed = existing, changed

    def _size_check(self, cells: RowCells, organisation: Organisation) -> None:
        if organisation.size_class and organisation.kind != OrganisationKind.COMPANY:
            cells.problem(
                "size_class" if cells.has("size_class") else "kind",
                _("Only a company has a size (mkb or groot)."),
            )

    def _slug_new(self, name: str) -> str:
        base = slugify(name)[:200].strip("-") or "organisation"
        slug, suffix = base, 2
        while slug in self.by_slug or slug in self.new_slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        self.new_slugs.add(slug)
        return slug

    def finish(self, plan: TablePlan) -> None:
        report = plan.report
        report.near_matches = sorted(self.near.values(), key=lambda near: near.rows[0])
        report.organisations_created = [row.report.name for row in plan.rows if row.create]
        if not self.dry_run:
            for near in report.open_near_matches:
                report.file_problems.append(near_match_problem(self.file, near))


class PartnershipPlanner(_TablePlanner):
    kind = PARTNERSHIPS

    def __init__(self, sheet: Sheet, layout: TableLayout, decisions: Decisions, *, dry_run: bool) -> None:
        super().__init__(sheet, layout, decisions, dry_run=dry_run)
        self.roles = ChoiceLookup(
            PartnershipRole,
            {**ROLE_WORDS, **{word: role for word, (role, _k) in ROLE_AND_KIND_WORDS.items()}},
        )
        self.index = OrganisationIndex()
        self.by_slug = {known.slug: known for known in self.index.by_pk.values()}
        self.initiatives: dict[str, Initiative] = {}
        self.existing: dict[tuple[int, int, str], Partnership] = {}

    def prepare(self, collected: list[RowCells]) -> None:
        self.initiatives = self.initiatives_by_slug(collected)
        pks = [initiative.pk for initiative in self.initiatives.values()]
        self.existing = {
            (p.initiative_id, p.organisation_id, p.role): p
            for p in Partnership.objects.filter(initiative__in=pks).only(
                "pk", "initiative_id", "organisation_id", "role", "since", "until"
            )
        }

    def _organisation(self, cells: RowCells) -> KnownOrganisation | None:
        slug = cells.get("organisation_slug").strip()
        name = one_line(cells.get("organisation_name"))
        if slug and slug in self.by_slug:
            return self.by_slug[slug]
        if name:
            candidates = self.index.by_key.get(organisation_match_key(name), [])
            exact = [known for known in candidates if known.name == name]
            if len(exact) == 1 or len(candidates) == 1:
                return exact[0] if exact else candidates[0]
            if candidates:
                cells.problem(
                    "organisation_name",
                    _("%(count)d organisations have the name '%(name)s'; give the organisation's slug.")
                    % {"count": len(candidates), "name": name},
                )
                return None
        if not slug and not name:
            cells.problem(
                "organisation_slug" if cells.has("organisation_slug") else "organisation_name",
                _("The organisation is empty: give its slug or its name."),
            )
            return None
        cells.problem(
            "organisation_slug" if slug and cells.has("organisation_slug") else "organisation_name",
            _(
                "There is no organisation '%(organisation)s'; import the organisations file (organisaties) "
                "first."
            )
            % {"organisation": slug or name},
        )
        return None

    def row_plan(self, cells: RowCells, planned: TableRow) -> None:
        if not cells.has("organisation_slug") and not cells.has("organisation_name"):
            cells.problem(None, _("The file needs a column 'organisation_slug' or 'organisation_name'."))
            return
        initiative = self.initiative_of(cells, self.initiatives)
        organisation = self._organisation(cells)
        role = cells.parse("role", lambda t: self.roles.get(t) if t.strip() else "")
        if role == "" and "role" not in cells.failed:
            cells.problem("role", _("The role is empty; it is required."))
        planned.report.name = " - ".join(
            part
            for part in (
                initiative.name if initiative else cells.get("initiative_slug"),
                organisation.name if organisation else "",
                role or "",
            )
            if part
        )
        planned.report.slug = initiative.slug if initiative else ""
        values: dict[str, Any] = {}
        for key in ("since", "until"):
            if cells.has(key):
                values[key] = cells.parse(key, year_parse)
        values = {key: value for key, value in values.items() if key not in cells.failed}
        if initiative is None or organisation is None or not role:
            return
        if not self.once(cells, (initiative.pk, organisation.pk, role), "role"):
            return
        existing = self.existing.get((initiative.pk, organisation.pk, role))
        partnership = existing or Partnership(
            initiative=initiative, organisation_id=organisation.pk, role=role
        )
        changed = self._changes(partnership, values) if existing else []
        for key, value in values.items():
            setattr(partnership, key, value)
        _validate(cells, partnership, {"initiative", "organisation"})
        if (
            partnership.since is not None
            and partnership.until is not None
            and partnership.until < partnership.since
        ):
            cells.problem(
                "until" if cells.has("until") else "since",
                _("The last year (%(until)d) lies before the first year (%(since)d).")
                % {"until": partnership.until, "since": partnership.since},
            )
        planned.instance, planned.create, planned.changed = partnership, existing is None, changed


class YearlyFigurePlanner(_TablePlanner):
    kind = YEARLY_FIGURES

    def __init__(self, sheet: Sheet, layout: TableLayout, decisions: Decisions, *, dry_run: bool) -> None:
        super().__init__(sheet, layout, decisions, dry_run=dry_run)
        self.initiatives: dict[str, Initiative] = {}
        self.existing: dict[tuple[int, int, str], YearlyFigure] = {}

    def prepare(self, collected: list[RowCells]) -> None:
        self.initiatives = self.initiatives_by_slug(collected)
        pks = [initiative.pk for initiative in self.initiatives.values()]
        self.existing = {
            (figure.initiative_id, figure.year, figure.source): figure
            for figure in YearlyFigure.objects.filter(initiative__in=pks)
        }

    def row_plan(self, cells: RowCells, planned: TableRow) -> None:
        initiative = self.initiative_of(cells, self.initiatives)
        year = cells.parse("year", year_parse)
        if year is None and "year" not in cells.failed:
            cells.problem("year", _("The year is empty; it is required."))
        source = clean_text(cells.get("source"))
        if not source:
            cells.problem("source", _("The source is empty; every figure needs one."))
        planned.report.name = (
            f"{initiative.name if initiative else cells.get('initiative_slug')} {year or ''}".strip()
        )
        planned.report.slug = initiative.slug if initiative else ""
        values: dict[str, Any] = {}
        for key in _FIGURES:
            if cells.has(key):
                values[key] = cells.parse(key, count_parse)
        if cells.has("women_share"):
            values["women_share"] = cells.parse("women_share", percentage_parse)
        if cells.has("reported_on"):
            values["reported_on"] = cells.parse("reported_on", date_parse)
        values = {key: value for key, value in values.items() if key not in cells.failed}
        if initiative is None or year is None or not source:
            return
        if not self.once(cells, (initiative.pk, year, source), "source"):
            return
        existing = self.existing.get((initiative.pk, year, source))
        figure = existing or YearlyFigure(initiative=initiative, year=year, source=source)
        changed = self._changes(figure, values) if existing else []
        for key, value in values.items():
            setattr(figure, key, value)
        _validate(cells, figure, {"initiative"})
        planned.instance, planned.create, planned.changed = figure, existing is None, changed


PLANNERS: dict[str, type[_TablePlanner]] = {
    ORGANISATIONS: OrganisationPlanner,
    PARTNERSHIPS: PartnershipPlanner,
    YEARLY_FIGURES: YearlyFigurePlanner,
}


WRITE_BATCH_SIZE = 1000


def table_write(plan: TablePlan, tick: Callable[[], None]) -> None:
    """Writes a checked plan in bulk (the caller holds the transaction): the new rows with
    ``bulk_create``, the changed ones with one ``bulk_update``; then the search index of the
    organisations written, and the result index marked stale once."""
    created = [row.instance for row in plan.rows if row.create and row.instance is not None]
    updated = [row.instance for row in plan.rows if row.changed and row.instance is not None]
    fields = sorted({name for row in plan.rows for name in row.changed})
    if created:
        type(created[0])._default_manager.bulk_create(created, batch_size=WRITE_BATCH_SIZE)
    if updated:
        if plan.kind == ORGANISATIONS:
            now = timezone.now()
            for instance in updated:
                instance.updated_at = now  # type: ignore[attr-defined]
            fields.append("updated_at")
        type(updated[0])._default_manager.bulk_update(updated, fields, batch_size=WRITE_BATCH_SIZE)
    for _row in plan.rows:
        tick()
    if plan.kind == ORGANISATIONS:
        search_index_update_many(organisation_ids={instance.pk for instance in [*created, *updated]})
    if created or updated:
        initiative_index_invalidate()
