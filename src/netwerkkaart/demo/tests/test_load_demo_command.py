"""manage.py load_demo: one transaction, a clear refusal, and nothing changed on a bad file."""

import csv
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from netwerkkaart.demo.facts import facts_default_path
from netwerkkaart.initiatives.models import Initiative

from .conftest import Snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_regions")]

FACTS = facts_default_path(settings.REFERENCE_DATA_DIR)


def _load_demo(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_loads_the_facts_and_fictitious_initiatives_once() -> None:
    output = _load_demo("--facts", str(FACTS), "--synthetic", "35", "--seed", "2")

    assert "14 created" in output
    assert Initiative.objects.filter(fictitious=False).count() == 14
    assert Initiative.objects.filter(fictitious=True).count() == 35

    output = _load_demo("--facts", str(FACTS), "--synthetic", "35", "--seed", "2")

    assert "0 created, 14 already present" in output
    assert "0 created, 35 already present" in output
    assert Initiative.objects.count() == 49


def test_without_facts_option_the_reference_file_is_used() -> None:
    _load_demo()

    assert Initiative.objects.filter(fictitious=False).count() == 14
    assert not Initiative.objects.filter(fictitious=True).exists()


def test_no_facts_loads_only_fictitious_data() -> None:
    _load_demo("--no-facts", "--synthetic", "4")

    assert set(Initiative.objects.values_list("fictitious", flat=True)) == {True}


def test_a_bad_file_lists_every_problem_and_changes_nothing(
    tmp_path: Path, database_snapshot: Callable[[], Snapshot]
) -> None:
    with FACTS.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    columns = list(rows[0])
    rows[0]["gemeentecode"] = "GM0000"
    rows[1]["start_year"] = "twenty"
    bad = tmp_path / "bad_facts.csv"
    with bad.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    before = database_snapshot()

    with pytest.raises(CommandError) as error:
        _load_demo("--facts", str(bad), "--synthetic", "10")

    message = str(error.value)
    assert "bad_facts.csv, row 2, column 'gemeentecode'" in message
    assert "bad_facts.csv, row 3, column 'start_year'" in message
    assert database_snapshot() == before


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        _load_demo("--facts", str(tmp_path / "missing.csv"))

    assert "missing.csv" in str(error.value)


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(CommandError):
        _load_demo("--no-facts", "--synthetic", "-3")
