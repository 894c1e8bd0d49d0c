"""The template helpers: the other-language address of a page and wrapping long region names."""

import pytest

from netwerkkaart.web.templatetags.web import break_after_slash, other_language_path


@pytest.mark.parametrize(
    ("path", "current", "other", "expected"),
    [
        ("/initiatieven/it-campus", "nl", "en", "/en/initiatieven/it-campus"),
        ("/en/initiatieven/it-campus", "en", "nl", "/initiatieven/it-campus"),
        ("/initiatieven?page=2", "nl", "en", "/en/initiatieven?page=2"),
        ("/", "nl", "en", "/en/"),
        ("/en/", "en", "nl", "/"),
        # Paths that do not resolve (a 404 page) get their language prefix swapped.
        ("/bestaat-niet", "nl", "en", "/en/bestaat-niet"),
        ("/en/bestaat-niet", "en", "nl", "/bestaat-niet"),
        ("/en", "en", "nl", "/"),
    ],
)
def test_other_language_path(path: str, current: str, other: str, expected: str) -> None:
    assert other_language_path(path, current=current, other=other) == expected


def test_break_after_slash_escapes_and_allows_a_line_break() -> None:
    assert break_after_slash("Zaanstreek/Waterland") == "Zaanstreek/<wbr>Waterland"
    assert break_after_slash("<b>&/x") == "&lt;b&gt;&amp;/<wbr>x"
    assert break_after_slash("Rijnmond") == "Rijnmond"
