"""The seed migration gives the taxonomies of DOMAIN.md, labelled in Dutch and English."""

import pytest
from django.utils import translation

from netwerkkaart.initiatives.models import Activity, EducationLevel, Goal, TargetGroup, Theme

pytestmark = pytest.mark.django_db


def test_taxonomies_are_seeded_from_the_domain_lists() -> None:
    assert set(Goal.objects.values_list("slug", flat=True)) == {
        "initial-education",
        "postinitial-education",
        "innovation",
        "diverse-target-groups",
    }
    themes = set(Theme.objects.values_list("slug", flat=True))
    assert {"lifelong-learning", "women-in-ict", "cybersecurity", "hybrid-teachers"} <= themes
    assert TargetGroup.objects.filter(slug="women-and-girls").exists()
    assert EducationLevel.objects.count() == 8
    assert Activity.objects.filter(slug="internships").exists()


def test_every_term_has_a_dutch_and_an_english_name() -> None:
    for model in (Goal, Theme, TargetGroup, EducationLevel, Activity):
        assert not model.objects.filter(name_nl="").exists()
        assert not model.objects.filter(name_en="").exists()


def test_term_name_follows_the_active_language() -> None:
    theme = Theme.objects.get(slug="lifelong-learning")

    with translation.override("nl"):
        assert theme.name == "Leven lang ontwikkelen"
    with translation.override("en"):
        assert theme.name == "Lifelong learning"
