"""What an import found and did, row by row: for the command, the admin pages and the CSV report.

The report is plain data (JSON-serialisable) so that an ``ImportRun`` can keep it.
"""

import csv
import io
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from netwerkkaart.core.errors import ImportProblem

from .choices import RowOutcome


@dataclass
class Candidate:
    pk: int
    name: str
    slug: str
    kvk_number: str
    school_code: str
    score: int  # similarity in percent


@dataclass
class NearMatch:
    """A partner name that resembles existing organisations: a person decides."""

    key: str  # the name key the decision is stored under
    name: str  # as first written in the file
    rows: list[int]
    column: str
    candidates: list[Candidate]
    # The decision: the pk of the organisation meant, 0 for "a new organisation", None when open.
    decision: int | None = None


@dataclass
class RowReport:
    row: int
    name: str
    outcome: str
    slug: str = ""
    changes: list[str] = field(default_factory=list)  # headers of the columns that change
    partners_added: list[str] = field(default_factory=list)
    organisations_created: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


@dataclass
class ImportReport:
    file: str
    format: str = ""
    dry_run: bool = True
    # Which file: initiatives, organisations, partnerships or yearly_figures (imports.tables.KINDS).
    kind: str = "initiatives"
    written: bool = False
    notes: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[RowReport] = field(default_factory=list)
    file_problems: list[ImportProblem] = field(default_factory=list)
    near_matches: list[NearMatch] = field(default_factory=list)
    organisations_created: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[ImportProblem]:
        """Every problem: the file's first, then the rows' in row order."""
        return [*self.file_problems, *(p for row in self.rows for p in row.problems)]

    @property
    def open_near_matches(self) -> list[NearMatch]:
        return [near for near in self.near_matches if near.decision is None]

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        return {outcome.value: self.count(outcome.value) for outcome in RowOutcome}

    def summary(self) -> str:
        return (
            _("%(created)d to create, %(updated)d to update, %(unchanged)d unchanged, %(refused)d refused")
            % self.counts
            if self.dry_run or not self.written
            else _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(refused)d refused")
            % self.counts
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["version"] = 1
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ImportReport":
        def problems(items: list[dict[str, Any]]) -> list[ImportProblem]:
            return [ImportProblem(**item) for item in items]

        rows = [
            RowReport(**{**row, "problems": problems(row.get("problems", []))})
            for row in data.get("rows", [])
        ]
        near = [
            NearMatch(**{**item, "candidates": [Candidate(**c) for c in item.get("candidates", [])]})
            for item in data.get("near_matches", [])
        ]
        return cls(
            file=data.get("file", ""),
            format=data.get("format", ""),
            kind=data.get("kind", "initiatives"),
            dry_run=data.get("dry_run", True),
            written=data.get("written", False),
            notes=list(data.get("notes", [])),
            ignored_columns=list(data.get("ignored_columns", [])),
            rows=rows,
            file_problems=problems(data.get("file_problems", [])),
            near_matches=near,
            organisations_created=list(data.get("organisations_created", [])),
        )

    def csv_text(self) -> str:
        """Every problem, row outcome and open near match, one per line, for a spreadsheet."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([_("file"), _("row"), _("column"), _("initiative"), _("outcome"), _("message")])
        refused = str(RowOutcome.REFUSED.label)
        for problem in self.file_problems:
            writer.writerow(
                _safe([problem.file, problem.row or "", problem.column or "", "", refused, problem.message])
            )
        labels = dict(RowOutcome.choices)
        for row in self.rows:
            outcome = str(labels.get(row.outcome, row.outcome))
            if row.problems:
                for problem in row.problems:
                    writer.writerow(
                        _safe(
                            [problem.file, row.row, problem.column or "", row.name, outcome, problem.message]
                        )
                    )
                continue
            detail = "; ".join(
                [
                    *(
                        [_("changes: %(columns)s") % {"columns": ", ".join(row.changes)}]
                        if row.changes
                        else []
                    ),
                    *(
                        [_("partners added: %(names)s") % {"names": ", ".join(row.partners_added)}]
                        if row.partners_added
                        else []
                    ),
                    *row.notes,
                ]
            )
            writer.writerow(_safe([self.file, row.row, "", row.name, outcome, detail]))
        for near in self.open_near_matches:
            names = ", ".join(f"{c.name} ({c.slug})" for c in near.candidates)
            writer.writerow(
                _safe(
                    [
                        self.file,
                        near.rows[0],
                        near.column,
                        "",
                        _("to confirm"),
                        _("'%(name)s' resembles %(names)s") % {"name": near.name, "names": names},
                    ]
                )
            )
        return out.getvalue()


def _safe(values: list[Any]) -> list[str]:
    """Cells that a spreadsheet program will not run as formulas (the report quotes the file)."""
    cells = []
    for value in values:
        text = str(value)
        cells.append("'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text)
    return cells
