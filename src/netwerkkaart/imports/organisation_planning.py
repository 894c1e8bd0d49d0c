"""Planning the partners of a row: which organisation each partner is (matched, near, or new) and
in which role. New organisations are collected over the whole file, so that one named on several
rows is created once; near matches wait for a person's decision (ADR 12)."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from netwerkkaart.core.errors import ImportProblem
from netwerkkaart.initiatives.choices import PartnershipRole
from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.organisations.choices import OrganisationKind

from .columns import COLUMNS_BY_KEY, SheetColumn
from .matching import KnownOrganisation, OrganisationIndex, organisation_match_key
from .partners import ROLE_BY_KIND, PartnerEntry, kind_from_name, partner_cell_parse
from .report import Candidate, NearMatch
from .rows import ParsedRow

if TYPE_CHECKING:
    from .planning import PlannedRow

# Decisions on near matches: organisation match key -> pk of the organisation meant, or NEW.
Decisions = dict[str, int]
NEW = 0
_ROLE_LABELS = dict(PartnershipRole.choices)


@dataclass
class NewOrganisation:
    name: str
    kind: str
    size_class: str
    kvk_number: str
    school_code: str
    key: str
    rows: list[int] = field(default_factory=list)
    fictitious_rows: int = 0

    @property
    def fictitious(self) -> bool:
        """Demo data only when every row that names it is demo data."""
        return self.fictitious_rows == len(self.rows)


@dataclass(frozen=True)
class PlannedPartner:
    role: str
    label: str
    existing: KnownOrganisation | None = None
    new: NewOrganisation | None = None


class PartnerPlanner:
    def __init__(self, file: str, decisions: Decisions, *, dry_run: bool) -> None:
        self.file = file
        self.decisions = decisions
        self.dry_run = dry_run
        self.organisations = OrganisationIndex()
        self.new_by_kvk: dict[str, NewOrganisation] = {}
        self.new_by_school_code: dict[str, NewOrganisation] = {}
        self.new_by_key: dict[str, list[NewOrganisation]] = {}
        self.new_organisations: list[NewOrganisation] = []
        self.near: dict[str, NearMatch] = {}

    def plan(self, item: ParsedRow, existing: Initiative | None, planned: "PlannedRow") -> None:
        """The partnerships a row adds: its partner cells read, each partner matched or created."""
        present: set[tuple[int, str]] = set()
        if existing is not None:
            present = {(p.organisation_id, p.role) for p in existing.partnerships.all()}
        chosen: set[tuple[Any, str]] = set()
        for column, text in item.cells.partner_cells:
            entries, errors = partner_cell_parse(text, export_syntax=column.export_syntax)
            for message in errors:
                item.cells.problems.append(
                    ImportProblem(self.file, message, row=item.row.number, column=column.header)
                )
            for entry in entries:
                partner = self._partner(item, column, entry)
                if partner is None:
                    continue
                identity: Any = partner.existing.pk if partner.existing else id(partner.new)
                if (identity, partner.role) in chosen:
                    continue
                chosen.add((identity, partner.role))
                if partner.existing and (partner.existing.pk, partner.role) in present:
                    continue
                planned.partners.append(partner)
                planned.report.partners_added.append(partner.label)
        if existing is not None and planned.partners:
            planned.report.changes.append(_("partners"))

    def _partner(self, item: ParsedRow, column: SheetColumn, entry: PartnerEntry) -> PlannedPartner | None:
        cells = item.cells
        match = self.organisations.match(entry)
        known = match.organisation
        if match.how in ("kvk", "school_code") and known and organisation_match_key(entry.name) != known.key:
            item.notes.append(
                _("'%(name)s' is the organisation '%(known)s' by its %(identifier)s.")
                % {
                    "name": entry.name,
                    "known": known.name,
                    "identifier": _("KvK number") if match.how == "kvk" else _("school code"),
                }
            )
        if match.how == "ambiguous":
            item.notes.append(
                _(
                    "'%(name)s' is the name of %(count)d organisations (%(slugs)s) and nothing tells which "
                    "one is meant: it is not linked. Add its KvK number or BRIN code, or link it with the "
                    "partnerships file (samenwerkingen, by slug) or in the admin."
                )
                % {
                    "name": entry.name,
                    "count": len(match.near),
                    "slugs": ", ".join(known.slug for known, _score in match.near),
                }
            )
            return None
        new: NewOrganisation | None = None
        pending = False
        if known is None and match.near:
            known, decided_new = self._near_match(item, column, entry, match.near)
            pending = known is None and not decided_new
            if pending and not self.dry_run:
                return None  # an open decision is a problem of the file, reported once
        if known is None:
            new = self._new_organisation(item, entry, column)
            if new is None:
                return None
        kind = known.kind if known else new.kind if new else ""
        role = entry.role or COLUMNS_BY_KEY[column.key].role or ROLE_BY_KIND.get(kind, "")
        if not role:
            cells.problems.append(
                ImportProblem(
                    self.file,
                    _(
                        "The role of '%(name)s' cannot be told from the organisation; add it in brackets, "
                        "e.g. '%(name)s (bedrijf)' or '%(name)s (kennispartner)'."
                    )
                    % {"name": entry.name},
                    row=item.row.number,
                    column=column.header,
                )
            )
            return None
        name = known.name if known else entry.name
        label = f"{name} ({_ROLE_LABELS.get(role, role)})"
        if pending:
            label += " " + _("(new organisation unless confirmed otherwise)")
        return PlannedPartner(role=role, label=label, existing=known, new=new)

    def _near_match(
        self,
        item: ParsedRow,
        column: SheetColumn,
        entry: PartnerEntry,
        candidates: tuple[tuple[KnownOrganisation, int], ...],
    ) -> tuple[KnownOrganisation | None, bool]:
        """The organisation decided on (or None), and whether "a new organisation" was decided."""
        key = organisation_match_key(entry.name)
        near = self.near.get(key)
        if near is None:
            near = NearMatch(
                key=key,
                name=entry.name,
                rows=[],
                column=column.header,
                candidates=[
                    Candidate(k.pk, k.name, k.slug, k.kvk_number, k.school_code, score)
                    for k, score in candidates
                ],
                decision=self.decisions.get(key),
            )
            self.near[key] = near
        if item.row.number not in near.rows:
            near.rows.append(item.row.number)
        decision = near.decision
        if decision is None:
            return None, False
        if decision == NEW:
            return None, True
        known = self.organisations.by_pk.get(decision)
        if known is None:
            item.cells.problems.append(
                ImportProblem(
                    self.file,
                    _("The organisation chosen for '%(name)s' no longer exists.") % {"name": entry.name},
                    row=item.row.number,
                    column=column.header,
                )
            )
            return None, False
        return known, False

    def _new_organisation(
        self, item: ParsedRow, entry: PartnerEntry, column: SheetColumn
    ) -> NewOrganisation | None:
        key = organisation_match_key(entry.name)
        new = (
            (self.new_by_kvk.get(entry.kvk_number) if entry.kvk_number else None)
            or (self.new_by_school_code.get(entry.school_code) if entry.school_code else None)
            or next(
                (
                    other
                    for other in self.new_by_key.get(key, [])
                    if not (entry.kvk_number and other.kvk_number and entry.kvk_number != other.kvk_number)
                    and not (
                        entry.school_code and other.school_code and entry.school_code != other.school_code
                    )
                ),
                None,
            )
        )
        if new is None:
            role_kinds: dict[str, str] = {
                PartnershipRole.COMPANY: OrganisationKind.COMPANY,
                PartnershipRole.GOVERNMENT: OrganisationKind.GOVERNMENT,
            }
            role_kind = role_kinds.get(entry.role or COLUMNS_BY_KEY[column.key].role, "")
            kind = entry.kind or kind_from_name(entry.name) or role_kind or OrganisationKind.OTHER
            if entry.size_class and kind != OrganisationKind.COMPANY:
                item.cells.problems.append(
                    ImportProblem(
                        self.file,
                        _("'%(name)s' is not a company: only a company has a size (mkb or groot).")
                        % {"name": entry.name},
                        row=item.row.number,
                        column=column.header,
                    )
                )
                return None
            new = NewOrganisation(
                name=entry.name,
                kind=kind,
                size_class=entry.size_class if kind == OrganisationKind.COMPANY else "",
                kvk_number=entry.kvk_number,
                school_code=entry.school_code,
                key=key,
            )
            self.new_organisations.append(new)
            self.new_by_key.setdefault(key, []).append(new)
        else:
            new.kvk_number = new.kvk_number or entry.kvk_number
            new.school_code = new.school_code or entry.school_code
            if entry.size_class and new.kind == OrganisationKind.COMPANY:
                new.size_class = new.size_class or entry.size_class
        if new.kvk_number:
            self.new_by_kvk[new.kvk_number] = new
        if new.school_code:
            self.new_by_school_code[new.school_code] = new
        if item.row.number not in new.rows:
            new.rows.append(item.row.number)
            new.fictitious_rows += int(item.fictitious)
        if new.rows[0] == item.row.number and new.name not in item.organisations_created:
            item.organisations_created.append(new.name)
        return new


def near_match_problem(file: str, near: NearMatch) -> ImportProblem:
    names = "; ".join(f"'{c.name}' ({c.slug})" for c in near.candidates)
    return ImportProblem(
        file,
        _(
            "'%(name)s' resembles the existing organisation(s) %(names)s. Confirm which is meant, or "
            "that it is a new organisation (admin: the confirmation step; command: --same or --new); "
            "organisations are never merged silently."
        )
        % {"name": near.name, "names": names},
        row=near.rows[0],
        column=near.column,
    )
