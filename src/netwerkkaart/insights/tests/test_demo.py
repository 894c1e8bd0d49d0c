"""The demo data (`make run`: the facts file and 200 fictitious initiatives) shows a flag of every kind,
each with a reason a coordinator can act on."""

import pytest
from django.conf import settings
from django.core.management import call_command

from netwerkkaart.demo.facts import facts_default_path
from netwerkkaart.insights.models import (
    ContinuityRisk,
    InsightRun,
    LearnFromSuggestion,
    OverlapPair,
    RegionCoverage,
)

DEMO_SYNTHETIC = 200  # SYNTHETIC in the Makefile


@pytest.mark.django_db
@pytest.mark.usefixtures("real_regions")
def test_load_demo_computes_every_kind_of_flag() -> None:
    call_command(
        "load_demo",
        facts=str(facts_default_path(settings.REFERENCE_DATA_DIR)),
        synthetic=DEMO_SYNTHETIC,
        seed=1,
    )
    run = InsightRun.objects.get()
    assert run.initiatives > DEMO_SYNTHETIC // 2
    pair = OverlapPair.objects.order_by("-score").first()
    assert pair is not None and pair.reason_nl.startswith("Beide ") and " in " in pair.reason_nl
    gaps = RegionCoverage.objects.filter(lifelong_learning=0) | RegionCoverage.objects.filter(women_in_ict=0)
    assert gaps.exists()
    high = ContinuityRisk.objects.filter(level="high").first()
    assert high is not None
    assert "stopt op" in high.reason_nl and "zoek vóór" in high.reason_nl
    assert high.funding_line_ids
    # Learn from: similar work in another region, with its reason; the dashboard has its figures.
    lesson = LearnFromSuggestion.objects.select_related("initiative", "suggestion").first()
    assert lesson is not None and lesson.reason_nl.startswith("Beide richten zich op")
    assert "actief in " in lesson.reason_nl
    assert run.national["totals"][0] > 0 and run.national["themes"]
