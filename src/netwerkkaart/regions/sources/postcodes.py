"""The reader of the "4pp" PC4 postcode file."""

import csv
import io
import json
import math
import re
from pathlib import Path

from django.utils.translation import gettext as _

from ..choices import PostcodeKind
from .common import REGION_NAME_MAX_LENGTH, Problems, text_read
from .geometry import LATITUDE_RANGE, LONGITUDE_RANGE
from .records import PostcodeFile, PostcodeRecord

POSTCODE_COLUMNS = (
    "id",
    "postcode",
    "woonplaats",
    "alternatieve_schrijfwijzen",
    "gemeente",
    "provincie",
    "netnummer",
    "latitude",
    "longitude",
    "soort",
)
# Only these are used. The 2014 municipality and province names are outdated on purpose: a
# postcode's municipality is decided spatially.
POSTCODE_REQUIRED_COLUMNS = ("postcode", "woonplaats", "latitude", "longitude", "soort")
# "Adres + Postbus" codes have addresses, so their centre is as good as that of plain "Adres".
POSTCODE_KINDS = {
    "adres": PostcodeKind.ADDRESSES,
    "adres + postbus": PostcodeKind.ADDRESSES,
    "postbus": PostcodeKind.PO_BOXES,
    "onbekend": PostcodeKind.UNKNOWN,
}
POSTCODE = re.compile(r"^[1-9]\d{3}$")


def _coordinate(
    value: str, *, column: str, bounds: tuple[float, float], row: int, problems: Problems
) -> float | None:
    try:
        number = float(value.strip())
    except ValueError:
        problems.add(
            _("expected a number with a decimal point, found %(value)s") % {"value": json.dumps(value)},
            row=row,
            column=column,
        )
        return None
    if not math.isfinite(number) or not bounds[0] <= number <= bounds[1]:
        problems.add(
            _("%(value)s is outside the Netherlands (expected %(low)s to %(high)s)")
            % {"value": value.strip(), "low": bounds[0], "high": bounds[1]},
            row=row,
            column=column,
        )
        return None
    return number


def read_postcodes(path: Path, *, label: str | None = None) -> PostcodeFile:
    """The PC4 postcodes of a "4pp" CSV file, with place, centre and kind.

    The file's municipality and province names date from 2014 and are not read: many of those
    municipalities no longer exist.
    """
    file = label or path.name
    problems = Problems(file)
    text = text_read(path, problems)
    if text is None:
        raise problems.error()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [column.strip() for column in next(reader)]
    except (StopIteration, csv.Error) as error:
        problems.add(_("cannot read the header row: %(reason)s") % {"reason": error}, row=1)
        raise problems.error() from error
    for column in sorted({c for c in header if header.count(c) > 1}):
        problems.add(_("the column appears more than once"), row=1, column=column)
    missing = [column for column in POSTCODE_REQUIRED_COLUMNS if column not in header]
    unknown = [column for column in header if column not in POSTCODE_COLUMNS]
    for column in missing:
        message = _("the required column is missing; expected the 4pp columns %(columns)s") % {
            "columns": ", ".join(POSTCODE_COLUMNS)
        }
        if unknown:
            message += _(" (the file has unknown columns %(unknown)s: renamed?)") % {
                "unknown": ", ".join(unknown)
            }
        problems.add(message, row=1, column=column)
    problems.raise_if_any()

    records: list[PostcodeRecord] = []
    first_row: dict[str, int] = {}
    row = 1
    try:
        for values in reader:
            row = reader.line_num
            if not values:
                continue
            if len(values) != len(header):
                problems.add(
                    _("the row has %(found)d fields, the header %(expected)d")
                    % {"found": len(values), "expected": len(header)},
                    row=row,
                )
                continue
            fields = dict(zip(header, values, strict=True))
            code = fields["postcode"].strip()
            if not POSTCODE.match(code):
                problems.add(
                    _("expected four digits, 1000 to 9999, found %(value)s") % {"value": json.dumps(code)},
                    row=row,
                    column="postcode",
                )
                code = ""
            elif code in first_row:
                problems.add(
                    _("the postcode %(code)s appears again (first in row %(first)d)")
                    % {"code": code, "first": first_row[code]},
                    row=row,
                    column="postcode",
                )
                code = ""
            latitude = _coordinate(
                fields["latitude"], column="latitude", bounds=LATITUDE_RANGE, row=row, problems=problems
            )
            longitude = _coordinate(
                fields["longitude"], column="longitude", bounds=LONGITUDE_RANGE, row=row, problems=problems
            )
            kind = POSTCODE_KINDS.get(fields["soort"].strip().casefold())
            if kind is None:
                problems.add(
                    _("expected one of %(kinds)s, found %(value)s")
                    % {
                        "kinds": "Adres, Postbus, Adres + Postbus, Onbekend",
                        "value": json.dumps(fields["soort"]),
                    },
                    row=row,
                    column="soort",
                )
            place = fields["woonplaats"].strip()
            if len(place) > REGION_NAME_MAX_LENGTH:
                problems.add(_("the place name is too long"), row=row, column="woonplaats")
                continue
            if not code or latitude is None or longitude is None or kind is None:
                continue
            first_row[code] = row
            records.append(PostcodeRecord(code, place, latitude, longitude, kind, row))
    except csv.Error as error:
        problems.add(_("the CSV is malformed: %(reason)s") % {"reason": error}, row=reader.line_num or row)
    if not records and not problems:
        problems.add(_("the file holds no postcodes"))
    problems.raise_if_any()
    return PostcodeFile(file=file, source="4pp PC4 (MIT)", postcodes=tuple(records))
