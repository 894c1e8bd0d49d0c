"""A real-world variant of the sheet: the project's own facts file (English snake_case headers,
free-text themes, remarks among the partners). Every header is understood; what cannot be imported
as it is gets a clear problem by row and column, and nothing is written."""

import pytest
from django.conf import settings
from django.utils import translation

from netwerkkaart.imports.services import ImportRefused, initiatives_import

pytestmark = pytest.mark.django_db


def test_the_facts_file_is_understood_and_refused_with_clear_problems(
    real_regions, database_snapshot
) -> None:
    path = settings.REFERENCE_DATA_DIR / "pps" / "ict_pps_facts.csv"
    before = database_snapshot()
    with translation.override("en"), pytest.raises(ImportRefused) as refused:
        initiatives_import(data=path.read_bytes(), file_name=path.name)

    report = refused.value.report
    assert report.ignored_columns == []
    assert report.notes == ["Read as CSV, UTF-8, separated by comma."]
    problems = {(p.row, p.column): p.message for p in report.problems}
    assert problems[(2, "themes")].startswith("Unknown themes: 'minors', 'Associate degree'.")
    assert problems[(5, "known_partners")] == (
        "'100+ companies' in the brackets of 'ICT Valley' is not a role, kind of organisation, size, "
        "KvK number or school code."
    )
    assert "This field cannot be null." not in problems.values()
    assert {p.column for p in report.problems} <= {
        "kind",
        "themes",
        "target_groups",
        "lead_or_host",
        "known_partners",
    }
    assert database_snapshot() == before
