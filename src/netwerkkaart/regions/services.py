"""Writes for regions: the built-in fallback and the import of the official reference data.

The import reads and checks every file first (``sources``), then plans every row as it should be
afterwards (database rows, completed by the fallback, overwritten by the files), checks the plan
as a whole, and only then writes the differences, in one transaction. A refused import therefore
leaves the database as it was, and a repeated import writes nothing.
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from netwerkkaart.core.errors import DataImportError, ImportProblem
from netwerkkaart.core.services import data_version_bump

from .fallback import fallback_regions
from .importing.planning import Incoming, RegionPlan, memberships_plan, postcodes_plan
from .importing.reading import files_read, membership_tables_read
from .importing.report import ChangeCounts, ReferenceImportReport
from .importing.writing import memberships_write, postcodes_write, regions_existing, regions_write
from .selectors import REGIONS_DATA_KEY
from .sources import Fetch, OnlineSources, reference_data_download, reference_files_find, urllib_fetch

__all__ = ["ChangeCounts", "ReferenceImportReport", "fallback_regions_ensure", "reference_data_import"]


def _fallback_incoming() -> list[Incoming]:
    return [Incoming(record, overwrite=False, file="fallback") for record in fallback_regions()]


def _fallback_import(report: ReferenceImportReport) -> ReferenceImportReport:
    with transaction.atomic():
        plan = RegionPlan(regions_existing(), _fallback_incoming())
        if plan.problems:
            raise DataImportError(plan.problems)
        regions_write(plan, report)
    return report


@transaction.atomic
def fallback_regions_ensure() -> int:
    """Create whichever built-in regions are missing (never changing existing rows); how many."""
    report = _fallback_import(ReferenceImportReport())
    return sum(counts.created for counts in report.regions.values())


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
        region_sets, postcode_file = files_read(files, label, bar, problems)
        with transaction.atomic():
            plan = RegionPlan(
                regions_existing(),
                [
                    *_fallback_incoming(),
                    *(
                        Incoming(record, overwrite=True, file=region_set.file)
                        for region_set in region_sets
                        for record in region_set.regions
                    ),
                ],
            )
            problems.extend(plan.problems)
            tables = membership_tables_read(plan, files.memberships, label, bar, problems)
            if problems:
                raise DataImportError(problems)

            # Every file is sound on its own; now they must agree with each other.
            bar.set_postfix_str(_("checking"))
            memberships = memberships_plan(plan, region_sets, tables, report)
            postcodes = postcodes_plan(plan, postcode_file, report)
            bar.update()

            bar.set_postfix_str(_("writing"))
            ids = regions_write(plan, report)
            memberships_write(memberships, ids, report)
            postcodes_write(postcodes, ids, report)
            data_version_bump(key=REGIONS_DATA_KEY)
            bar.update()
    return report


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
