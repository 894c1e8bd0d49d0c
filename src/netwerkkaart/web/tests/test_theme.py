"""The NL Design System theme (ADR 8): the npm packages are served as static files, every page loads
them in order, and our theme overrides only tokens the installed theme still defines."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from .conftest import World

STYLESHEETS = [
    "vendor/nlds-theme/theme.css",
    "vendor/utrecht/index.css",
    "web/css/theme.css",
    "web/css/netwerkkaart.css",
]


def static_text(path: str) -> str:
    found = finders.find(path)
    assert found, f"{path} is not a static file: install the npm packages (`npm ci`)"
    return Path(str(found)).read_text(encoding="utf-8")


def test_theme_overrides_only_tokens_the_theme_defines() -> None:
    ours = static_text("web/css/theme.css")
    theirs = static_text("vendor/nlds-theme/theme.css")

    primitives = set(re.findall(r"^\s*(--voorbeeld-[a-z0-9-]+):", ours, flags=re.MULTILINE))
    assert len(primitives) == 32
    defined = set(re.findall(r"(--voorbeeld-[a-z0-9-]+):", theirs))
    assert primitives <= defined, sorted(primitives - defined)
    assert ".voorbeeld-theme {" in theirs


def test_the_component_classes_we_use_exist() -> None:
    components = static_text("vendor/utrecht/index.css")

    for name in (
        "utrecht-page-header",
        "utrecht-page-body__content",
        "utrecht-page-footer",
        "utrecht-skip-link--visible-on-focus",
        "utrecht-heading-1",
        "utrecht-paragraph--lead",
        "utrecht-link--html-a",
        "utrecht-button--primary-action",
        "utrecht-button--secondary-action",
        "utrecht-textbox--html-input",
        "utrecht-select--html-select",
        "utrecht-checkbox--html-input",
        "utrecht-form-field--checkbox",
        "utrecht-table__header-cell--numeric-column",
        "utrecht-data-list__item-value--html-dd",
        "utrecht-status-badge--warning",
        "utrecht-alert--warning",
        "utrecht-breadcrumb-nav__list--html-ol",
        "utrecht-pagination__page-link--current",
    ):
        assert f".{name}" in components, name


def test_nothing_is_loaded_from_other_origins() -> None:
    for path in STYLESHEETS:
        text = static_text(path)
        assert "@import" not in text, path
        assert "@font-face" not in text, path
        for url in re.findall(r"url\(([^)]*)\)", text):
            assert url.strip("\"'").startswith("data:"), (path, url)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/initiatieven", "/kaart", "/embed/kaart"])
def test_every_page_loads_the_theme_in_order(client: Client, world: World, path: str) -> None:
    html = client.get(path).content.decode()

    assert re.search(r'<html lang="nl" class="voorbeeld-theme nk-theme">', html)
    positions = [html.index(f"/static/{stylesheet}") for stylesheet in STYLESHEETS]
    assert positions == sorted(positions)
