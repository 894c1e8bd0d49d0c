"""The reader of the CBS "Gebieden in Nederland" table: the labour-market region of each municipality."""

import difflib
import json
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .common import Problems, json_parse, text_read
from .files import MEMBERSHIP_FILE
from .records import MembershipRecord, MembershipTable

_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def region_name_key(name: str) -> str:
    """A region name as compared between sources: case, diacritics, punctuation and an
    "Arbeidsmarktregio" prefix do not count ("Fryslân" = "fryslan", "Zaanstreek / Waterland" =
    "Zaanstreek/Waterland")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = _NOT_ALPHANUMERIC.sub(" ", text).strip()
    return text.removeprefix("arbeidsmarktregio ").strip()


def _key_lines(text: str, start: int) -> dict[str, list[int]]:
    """The lines where each object key occurs after ``start``, for row numbers."""
    lines: dict[str, list[int]] = {}
    line = text.count("\n", 0, start) + 1
    position = start
    for match in re.finditer(r'"((?:[^"\\\n]|\\.)*)"\s*:', text[start:]):
        absolute = start + match.start()
        line += text.count("\n", position, absolute)
        position = absolute
        lines.setdefault(match.group(1), []).append(line)
    return lines


def read_labour_market_memberships(
    path: Path, *, regions: Mapping[str, str], label: str | None = None
) -> MembershipTable:
    """The CBS table of municipality code -> labour-market region NAME, joined to region codes.

    ``regions`` maps the labour-market region codes of the matching year to their names. CBS
    publishes names here, not codes, and spells them a little differently over the years, so the
    join is on ``region_name_key``.
    """
    file = label or path.name
    problems = Problems(file)
    duplicates: list[str] = []

    def without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                duplicates.append(key)
            seen[key] = value
        return seen

    name_match = MEMBERSHIP_FILE.match(path.name)
    text = text_read(path, problems)
    if text is None:
        raise problems.error()
    data = json_parse(text, problems, object_pairs_hook=without_duplicates)
    if problems:
        raise problems.error()
    if not isinstance(data, dict) or not isinstance(data.get("gemeenten"), dict):
        problems.add(_('expected an object with "gemeenten": {"0014": "Groningen", ...}'), column="gemeenten")
        raise problems.error()
    about = data["_bron"] if isinstance(data.get("_bron"), dict) else {}
    table = str(about.get("tabel") or (name_match["table"] if name_match else ""))[:40]
    file_year = int(name_match["year"]) if name_match else None
    title_year = re.search(r"\b(19|20)\d{2}\b", str(about.get("titel", "")))
    year = file_year or (int(title_year.group(0)) if title_year else None)
    if year is None:
        problems.add(_("the year of the table is neither in the file name nor in its title"))
    elif title_year and int(title_year.group(0)) != year:
        problems.add(
            _("the table is of %(title_year)s, but the file name says %(year)d")
            % {"title_year": title_year.group(0), "year": year},
            column="_bron.titel",
        )

    by_key: dict[str, str] = {region_name_key(name): code for code, name in regions.items()}
    key_start = re.search(r'"gemeenten"\s*:', text)
    lines = _key_lines(text, key_start.end() if key_start else 0)
    for duplicate in duplicates:
        problems.add(
            _("the municipality %(code)s appears more than once") % {"code": duplicate},
            row=lines.get(duplicate, [None, None])[-1],
            column=f"gemeenten.{duplicate}",
        )
    memberships: list[MembershipRecord] = []
    entries: dict[str, Any] = data["gemeenten"]
    if not entries:
        problems.add(_("the table holds no municipalities"), column="gemeenten")
    for code, region_name in entries.items():
        row = lines.get(code, [None])[0]
        column = f"gemeenten.{code}"
        if not re.fullmatch(r"\d{4}", code):
            problems.add(
                _("expected a municipality code of four digits without GM, like 0014, found %(code)s")
                % {"code": code},
                row=row,
                column=column,
            )
            continue
        if not isinstance(region_name, str) or not region_name.strip():
            problems.add(
                _("expected the name of a labour-market region, found %(value).40s")
                % {"value": json.dumps(region_name)},
                row=row,
                column=column,
            )
            continue
        parent_code = by_key.get(region_name_key(region_name))
        if parent_code is None:
            close = difflib.get_close_matches(region_name, list(regions.values()), n=1)
            hint = _(" (did you mean %(name)s?)") % {"name": close[0]} if close else ""
            problems.add(
                _("unknown labour-market region name %(name)s%(hint)s")
                % {"name": json.dumps(region_name, ensure_ascii=False), "hint": hint},
                row=row,
                column=column,
            )
            continue
        memberships.append(MembershipRecord(municipality_code=f"GM{code}", parent_code=parent_code, row=row))
    if problems or year is None:
        raise problems.error()
    return MembershipTable(
        file=file,
        year=year,
        source=f"CBS {table or 'Gebieden in Nederland'} {year} (CC BY 4.0)",
        memberships=tuple(memberships),
    )
