"""The public indicator pages and the admin upload."""

import pytest
from django.test import Client
from django.utils import translation

from netwerkkaart.accounts.models import User
from netwerkkaart.indicators.choices import ProgrammeCategory
from netwerkkaart.indicators.models import Observation, ProgrammeClassification

pytestmark = pytest.mark.django_db


def test_classification_page_lists_programmes_by_category(client: Client) -> None:
    ProgrammeClassification.objects.create(
        programme_code="30020", name="B HBO-ICT", level="bachelor", category=ProgrammeCategory.HARD_ICT
    )
    ProgrammeClassification.objects.create(
        programme_code="39118", name="B Business IT & Management", category=ProgrammeCategory.HYBRID_ICT
    )
    dutch = client.get("/indicatoren/ict-opleidingen").content.decode()
    assert "B HBO-ICT" in dutch and "Harde ICT" in dutch
    english = client.get("/en/indicatoren/ict-opleidingen").content.decode()
    assert dutch.index("B HBO-ICT") < dutch.index("B Business IT")
    with translation.override("en"):
        assert "Hard ICT" in english


def test_indicator_page_and_template_downloads(client: Client) -> None:
    assert client.get("/indicatoren").status_code == 200
    assert client.get("/en/indicatoren").status_code == 200
    csv = client.get("/indicatoren/sjabloon.csv")
    assert csv["Content-Disposition"] == 'attachment; filename="netwerkkaart-indicatorsjabloon.csv"'
    assert client.get("/en/indicatoren/sjabloon.xlsx").status_code == 200


def test_admin_upload_refuses_a_bad_file_and_names_the_row(client: Client) -> None:
    admin = User.objects.create_superuser(email="beheer@example.org", password="x-long-password-1")
    client.force_login(admin)
    bad = b"indicator_code;region_code;year;value;source\r\nnothing_known;NL01;2024;12;UWV\r\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/beheer/indicators/indicator/upload/", {"file": SimpleUploadedFile("bad.csv", bad, "text/csv")}
    )
    assert response.status_code == 200
    assert "bad.csv, row 2, column &#x27;name_nl&#x27;" in response.content.decode()
    assert not Observation.objects.exists()


def test_admin_changes_a_category_in_the_list(client: Client) -> None:
    from netwerkkaart.core.selectors import data_version_get
    from netwerkkaart.indicators.services import INDICATORS_DATA_KEY

    programme = ProgrammeClassification.objects.create(
        programme_code="39118", name="B Business IT & Management", category=ProgrammeCategory.HYBRID_ICT
    )
    client.force_login(User.objects.create_superuser(email="b@example.org", password="x-long-password-1"))
    before = data_version_get(key=INDICATORS_DATA_KEY)
    response = client.post(
        "/beheer/indicators/programmeclassification/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(programme.pk),
            "form-0-category": ProgrammeCategory.HARD_ICT,
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.category == ProgrammeCategory.HARD_ICT
    assert data_version_get(key=INDICATORS_DATA_KEY) != before


def test_admin_deletes_of_the_classification_mark_the_data_changed(client: Client) -> None:
    """Cached profiles depend on the classification (applied when figures are read)."""
    from netwerkkaart.core.selectors import data_version_get
    from netwerkkaart.indicators.services import INDICATORS_DATA_KEY

    one, two, three = (
        ProgrammeClassification.objects.create(
            programme_code=code, name=f"B {code}", category=ProgrammeCategory.HARD_ICT
        )
        for code in ("30020", "34479", "39118")
    )
    client.force_login(User.objects.create_superuser(email="d@example.org", password="x-long-password-1"))
    before = data_version_get(key=INDICATORS_DATA_KEY)
    response = client.post(f"/beheer/indicators/programmeclassification/{one.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    after_one = data_version_get(key=INDICATORS_DATA_KEY)
    assert after_one != before
    response = client.post(
        "/beheer/indicators/programmeclassification/",
        {"action": "delete_selected", "_selected_action": [two.pk, three.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not ProgrammeClassification.objects.exists()
    assert data_version_get(key=INDICATORS_DATA_KEY) != after_one
