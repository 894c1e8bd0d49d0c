"""Learn from (ADR 17): a labelled scenario where the expected suggestion appears with its reason,
unrelated work does not, and nothing from the initiative's own region is suggested."""

from typing import Any

import numpy as np
import pytest
from django.test import Client
from django.utils import translation

from netwerkkaart.initiatives.choices import Phase
from netwerkkaart.initiatives.models import Goal, Initiative, TargetGroup, Theme
from netwerkkaart.initiatives.tests.factories import InitiativeFactory
from netwerkkaart.insights import learn
from netwerkkaart.insights.models import LearnFromSuggestion
from netwerkkaart.insights.selectors import learn_from_list
from netwerkkaart.insights.services import insights_recompute
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.tests.factories import LabourMarketRegionFactory

pytestmark = pytest.mark.django_db


def _initiative(
    name: str,
    region: Region,
    summary: str,
    *,
    themes: tuple[str, ...],
    groups: tuple[str, ...],
    goals: tuple[str, ...] = ("initial-education",),
    phase: str = Phase.SCALING,
) -> Initiative:
    initiative = InitiativeFactory.create(name=name, summary=summary, published=True, phase=phase)
    initiative.regions_served.set([region])
    initiative.themes.set(Theme.objects.filter(slug__in=themes))
    initiative.target_groups.set(TargetGroup.objects.filter(slug__in=groups))
    initiative.goals.set(Goal.objects.filter(slug__in=goals))
    return initiative


@pytest.fixture
def landscape() -> dict[str, Initiative]:
    twente = LabourMarketRegionFactory.create(code="AM81", name="Twente")
    rijnmond = LabourMarketRegionFactory.create(code="AM82", name="Rijnmond")
    zeeland = LabourMarketRegionFactory.create(code="AM83", name="Zeeland")
    cyber: dict[str, Any] = {"themes": ("cybersecurity",), "groups": ("mbo-students",)}
    made = {
        "hackathon": _initiative(
            "Hackathon ethisch hacken Twente",
            twente,
            "Mbo-studenten leren ethisch hacken in een hackathon voor mkb-bedrijven.",
            **cyber,
        ),
        # The same work in Twente: overlap there, never a lesson from another region.
        "cyberlab": _initiative(
            "Cyberlab Twente",
            twente,
            "Ethisch hacken met mbo-studenten: hackathons bij mkb-bedrijven.",
            **cyber,
        ),
        # The same work in another region: the expected suggestion, both ways.
        "hackers": _initiative(
            "Ethische hackers Rijnmond",
            rijnmond,
            "Studenten hacken ethisch tijdens hackathons met mkb-bedrijven uit de haven.",
            **cyber,
        ),
        # Unrelated work in a third region.
        "robots": _initiative(
            "Meiden programmeren robots Zeeland",
            zeeland,
            "Meisjes ontdekken programmeren met robots in de bibliotheek.",
            themes=("women-in-ict",),
            groups=("women-and-girls",),
        ),
        "zorg": _initiative(
            "Zorgdata Rijnmond",
            rijnmond,
            "Zorginstellingen en hogescholen analyseren zorgdata samen.",
            themes=("data-and-ai",),
            groups=("hbo-students",),
            goals=("innovation",),
        ),
        # The same work, ended: nobody to learn from any more.
        "ended": _initiative(
            "Hackathon ethisch hacken Zeeland",
            zeeland,
            "Mbo-studenten leren ethisch hacken in een hackathon voor mkb-bedrijven.",
            phase=Phase.ENDED,
            **cyber,
        ),
    }
    return made


def _suggested(landscape: dict[str, Initiative]) -> set[tuple[str, str]]:
    label = {initiative.pk: key for key, initiative in landscape.items()}
    return {(label[row.initiative_id], label[row.suggestion_id]) for row in LearnFromSuggestion.objects.all()}


def test_the_expected_suggestions_and_nothing_else(landscape: dict[str, Initiative]) -> None:
    insights_recompute()

    assert _suggested(landscape) == {
        ("hackathon", "hackers"),
        ("cyberlab", "hackers"),
        ("hackers", "hackathon"),
        ("hackers", "cyberlab"),
    }


def test_the_reason_names_the_shared_focus_terms_and_region(landscape: dict[str, Initiative]) -> None:
    insights_recompute()
    row = LearnFromSuggestion.objects.get(initiative=landscape["hackathon"], suggestion=landscape["hackers"])

    assert row.reason_nl.startswith("Beide richten zich op cybersecurity en mbo-studenten; gedeelde termen: ")
    assert "ethisch" in row.shared_words and "hackathon" in row.shared_words
    assert row.reason_nl.endswith("actief in Rijnmond.")
    assert row.reason_en.startswith("Both focus on cybersecurity and mbo students; shared terms: ")
    assert 0 < row.text_similarity <= 1 and row.taxonomy_similarity == 1.0
    assert row.rank == 1


def test_the_page_selector_reads_one_query(
    landscape: dict[str, Initiative], django_assert_num_queries: Any
) -> None:
    insights_recompute()

    with django_assert_num_queries(1), translation.override("en"):
        rows = learn_from_list(initiative=landscape["hackers"])
        names = [row.suggestion.name for row in rows]
        reasons = [row.reason for row in rows]

    assert sorted(names) == ["Cyberlab Twente", "Hackathon ethisch hacken Twente"]
    assert all(reason.startswith("Both focus on") for reason in reasons)


def test_the_candidates_are_bounded_by_the_capped_postings() -> None:
    """Many initiatives sharing one rare word meet only within the posting cap, not all pairs."""
    size = 400
    texts = [(f"Initiatief {n}", "hackathon ethisch", "") for n in range(size)]
    texts += [(f"Ander {n}", f"woord{n} woord{n + 1}", "") for n in range(size)]
    vectors = learn.text_vectors(texts, len(texts))
    pairs = sum(first.size for first, _second in learn._posting_pairs(vectors))

    assert pairs <= len(texts) * learn.TOP_TERMS * learn.POSTING_CAP / 2
    assert pairs < size * (size - 1) / 2
    # Dutch stems: "hackathons" and "hackathon" are one term, "Ethische" and "ethisch" too.
    again = learn.text_vectors([("Hackathons", "", ""), ("hackathon", "", ""), ("x", "", "")], 3)
    assert np.array_equal(
        again.terms[again.offsets[0] : again.offsets[1]], again.terms[again.offsets[1] : again.offsets[2]]
    )


def test_the_api_serves_the_suggestions_in_the_language_asked(
    client: Client, landscape: dict[str, Initiative], django_assert_max_num_queries: Any
) -> None:
    path = f"/api/v1/insights/initiatives/{landscape['hackers'].slug}/learn-from"
    assert client.get(path).status_code == 404  # not computed yet
    insights_recompute()

    with django_assert_max_num_queries(4):
        body = client.get(path, HTTP_ACCEPT_LANGUAGE="en").json()

    assert [row["rank"] for row in body] == [1, 2]
    assert {row["suggestion"]["slug"] for row in body} == {
        landscape["hackathon"].slug,
        landscape["cyberlab"].slug,
    }
    assert body[0]["reason"] == body[0]["reasonEn"] and "shared terms" in body[0]["reason"]
    assert "ethisch" in body[0]["sharedWords"]
    assert client.get(f"/api/v1/insights/initiatives/{landscape['robots'].slug}/learn-from").json() == []
    assert client.get("/api/v1/insights/initiatives/unknown/learn-from").status_code == 404


def test_the_initiative_page_shows_learn_from_with_the_reason(
    client: Client, landscape: dict[str, Initiative]
) -> None:
    insights_recompute()

    html = client.get(landscape["hackathon"].get_absolute_url()).content.decode()
    assert 'id="learn-from-heading">Leer van<' in html
    assert landscape["hackers"].get_absolute_url() in html
    assert "Beide richten zich op cybersecurity" in html
    assert landscape["cyberlab"].get_absolute_url() not in html.split('id="learn-from-heading"')[1]
    robots = client.get(landscape["robots"].get_absolute_url()).content.decode()
    assert "learn-from-heading" not in robots
