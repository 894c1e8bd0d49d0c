"""Which files of a data folder hold reference data, and of what kind."""

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from netwerkkaart.core.errors import DataImportError, ImportProblem

from ..choices import RegionKind

BOUNDARY_FILE_KINDS = {
    "provincie": RegionKind.PROVINCE,
    "arbeidsmarktregio": RegionKind.LABOUR_MARKET_REGION,
    "gemeente": RegionKind.MUNICIPALITY,
}
BOUNDARY_FILE = re.compile(
    r"^(?P<kind>provincie|arbeidsmarktregio|gemeente)_(?P<year>\d{4})\.(?:geojson|topojson|json)$"
)
MEMBERSHIP_FILE = re.compile(r"^cbs(?P<table>\w+?)_gemeente_arbeidsmarktregio_(?P<year>\d{4})\.json$")
POSTCODE_FILE = re.compile(r"^4pp(?:_\d{4})?\.csv$")
# Folders of a data directory where the files may sit (the layout of shared/data, or all in one).
DATA_SUBFOLDERS = ("", "reference", "postcode")


@dataclass(frozen=True)
class ReferenceFiles:
    """The recognised files of a data directory; absent files are simply not imported."""

    boundaries: tuple[Path, ...] = ()
    memberships: tuple[Path, ...] = ()
    postcodes: tuple[Path, ...] = ()

    @property
    def all(self) -> tuple[Path, ...]:
        return self.boundaries + self.memberships + self.postcodes


def reference_files_find(data_dir: Path) -> ReferenceFiles:
    """The reference files in ``data_dir`` and its ``reference/`` and ``postcode/`` folders."""
    if not data_dir.is_dir():
        raise DataImportError(
            [ImportProblem(file=str(data_dir), message=_("the data folder does not exist"))]
        )
    boundaries: list[Path] = []
    memberships: list[Path] = []
    postcodes: list[Path] = []
    for subfolder in DATA_SUBFOLDERS:
        folder = data_dir / subfolder
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not path.is_file():
                continue
            if BOUNDARY_FILE.match(path.name):
                boundaries.append(path)
            elif MEMBERSHIP_FILE.match(path.name):
                memberships.append(path)
            elif POSTCODE_FILE.match(path.name):
                postcodes.append(path)
    return ReferenceFiles(tuple(boundaries), tuple(memberships), tuple(postcodes))
