from decimal import Decimal

import pytest
from django.utils import translation

from netwerkkaart.reports.figures import Figure, figure_note, figure_text


@pytest.mark.parametrize(
    ("language", "exact", "lower_bound"),
    [("nl", "16.194", "ten minste 1.777"), ("en", "16,194", "at least 1,777")],
)
def test_exact_figures_and_lower_bounds_read_as_such(language: str, exact: str, lower_bound: str) -> None:
    with translation.override(language):
        assert figure_text(Figure.of(16194)) == exact
        assert figure_text(Figure.total(1777, suppressed_cells=2)) == lower_bound


def test_a_suppressed_cell_is_never_a_number() -> None:
    suppressed = Figure(value=None, suppressed_cells=1)
    with translation.override("en"):
        assert figure_text(suppressed) == "<5"
        assert figure_note(suppressed) == "suppressed by the source (fewer than 5)"
    with translation.override("nl"):
        assert figure_text(suppressed) == "<5"
        assert figure_text(Figure.of(None)) == "\u2013"


def test_a_total_without_suppressed_cells_is_exact_and_one_with_them_says_how_many() -> None:
    assert Figure.total(10, suppressed_cells=0).lower_bound is False
    with translation.override("en"):
        assert figure_note(Figure.total(448296, suppressed_cells=383)) == "383 suppressed cells not included"
        assert figure_note(Figure.of(5)) == ""


def test_percentages_keep_one_decimal() -> None:
    with translation.override("nl"):
        assert figure_text(Figure.of(Decimal("23.5")), unit="%") == "23,5%"
    with translation.override("en"):
        assert figure_text(Figure.of(Decimal("23.0")), unit="%") == "23%"


def test_impossible_figures_are_refused() -> None:
    with pytest.raises(ValueError, match="lower bound needs a value"):
        Figure(value=None, suppressed_cells=1, lower_bound=True)
    with pytest.raises(ValueError, match="negative"):
        Figure(value=1, suppressed_cells=-1)
