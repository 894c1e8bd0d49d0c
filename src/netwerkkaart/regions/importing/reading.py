"""Reading the files of a data folder for an import, each on its own, collecting every problem."""

from collections.abc import Callable, Sequence
from pathlib import Path

from django.utils.translation import gettext as _
from tqdm import tqdm

from netwerkkaart.core.errors import DataImportError, ImportProblem

from ..choices import RegionKind
from ..sources import (
    MEMBERSHIP_FILE,
    MembershipTable,
    PostcodeFile,
    ReferenceFiles,
    RegionSet,
    read_labour_market_memberships,
    read_postcodes,
    read_region_boundaries,
)
from .planning import RegionPlan


def files_read(
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


def membership_tables_read(
    plan: RegionPlan,
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
