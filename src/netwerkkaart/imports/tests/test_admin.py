"""The admin's upload page: a dry run first, then the confirmation, with near-match decisions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from netwerkkaart.accounts.models import User
from netwerkkaart.imports.choices import RunStatus
from netwerkkaart.imports.models import ImportRun
from netwerkkaart.initiatives.models import Initiative, Partnership

from .builders import HEADER, ROW, csv_bytes

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:imports_importrun_upload")


@pytest.fixture
def admin_client(client: Client) -> Client:
    user = User.objects.create_superuser(email="beheer@example.nl", password="a-long-enough-secret")
    client.force_login(user)
    return client


def _upload(client: Client, data: bytes, name: str = "kaart.csv") -> ImportRun:
    response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), "file_format": ""})
    assert response.status_code == 302
    run = ImportRun.objects.latest("pk")
    assert response["Location"] == reverse("admin:imports_importrun_change", args=[run.pk])
    return run


def test_upload_is_a_dry_run_then_confirm_imports(admin_client: Client, regions, database_snapshot) -> None:
    assert admin_client.get(UPLOAD).status_code == 200
    before = database_snapshot()
    run = _upload(admin_client, csv_bytes([HEADER, ROW]))

    assert database_snapshot() == before
    assert run.status == RunStatus.PREVIEWED
    assert bytes(run.content) == csv_bytes([HEADER, ROW])
    with translation.override("en"):
        page = admin_client.get(
            reverse("admin:imports_importrun_change", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
    assert page.status_code == 200
    assert b"IT Campus Rotterdam" in page.content
    assert b"Import this file" in page.content

    response = admin_client.post(reverse("admin:imports_importrun_change", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.IMPORTED
    assert run.created_count == 1
    assert bytes(run.content) == b""  # the file is not kept after the import
    assert Initiative.objects.filter(slug="it-campus-rotterdam").exists()
    # Confirming again is not possible: the run is a record now.
    assert admin_client.post(reverse("admin:imports_importrun_change", args=[run.pk])).status_code == 403


def test_a_refused_upload_shows_every_problem_and_cannot_be_confirmed(admin_client: Client, regions) -> None:
    run = _upload(admin_client, csv_bytes([HEADER, [*ROW[:1], "Atlantis", *ROW[2:]]]))
    assert run.status == RunStatus.REFUSED
    assert bytes(run.content) == b""
    page = admin_client.get(reverse("admin:imports_importrun_change", args=[run.pk]))
    assert "Atlantis" in page.content.decode()
    assert b"Import this file" not in page.content
    report = admin_client.get(reverse("admin:imports_importrun_report_csv", args=[run.pk]))
    assert report["Content-Type"] == "text/csv; charset=utf-8"
    assert ",3," not in report.content.decode()
    assert ",2,gemeente," in report.content.decode("utf-8-sig")


def test_near_matches_are_decided_on_the_confirmation_page(admin_client: Client, existing) -> None:
    run = _upload(
        admin_client, csv_bytes([["naam", "partners"], ["Proef", "ROC Amsterdm (onderwijspartner)"]])
    )
    page = admin_client.get(reverse("admin:imports_importrun_change", args=[run.pk]))
    assert b'name="near_0"' in page.content
    # Without a decision the form does not validate and nothing is imported.
    assert admin_client.post(reverse("admin:imports_importrun_change", args=[run.pk])).status_code == 200
    assert not Initiative.objects.filter(slug="proef").exists()

    response = admin_client.post(
        reverse("admin:imports_importrun_change", args=[run.pk]), {"near_0": str(existing["roc"].pk)}
    )
    assert response.status_code == 302
    assert Initiative.objects.get(slug="proef").partnerships.get().organisation == existing["roc"]


def test_staff_without_import_rights_cannot_upload(client: Client, regions) -> None:
    user = User.objects.create_user(email="kijker@example.nl", password="a-long-enough-secret", is_staff=True)
    client.force_login(user)
    assert client.get(UPLOAD).status_code == 403


def test_an_exported_partnerships_file_is_previewed_and_imported(admin_client: Client, existing) -> None:
    port = existing["port"]
    data = csv_bytes(
        [
            [
                "initiative_slug",
                "initiative_name",
                "organisation_slug",
                "organisation_name",
                "role",
                "since",
                "until",
            ],
            ["make-it-work", "Make IT Work", port.slug, port.name, "company", "2020", ""],
        ]
    )
    response = admin_client.post(
        UPLOAD,
        {"file": SimpleUploadedFile("samenwerkingen.csv", data), "file_format": "", "kind": "partnerships"},
    )
    run = ImportRun.objects.latest("pk")
    assert response.status_code == 302 and run.status == RunStatus.PREVIEWED
    assert run.report["kind"] == "partnerships"
    assert admin_client.post(reverse("admin:imports_importrun_change", args=[run.pk])).status_code == 302
    run.refresh_from_db()
    assert (run.status, run.created_count) == (RunStatus.IMPORTED, 1)
    assert Partnership.objects.get(organisation=port, role="company").since == 2020
