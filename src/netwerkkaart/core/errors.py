"""Errors that imports raise: every problem names its file, row, column and what was expected."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportProblem:
    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class DataImportError(Exception):
    """Raised before anything is written when an import finds one or more problems."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
