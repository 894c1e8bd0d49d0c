import pytest
from django.core.exceptions import ValidationError

from netwerkkaart.organisations.choices import OrganisationKind, SizeClass
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.organisations.services import (
    organisation_create,
    organisation_get_or_create_by_name,
    organisation_name_key,
)

from .factories import OrganisationFactory


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Van den Berg ICT B.V.", "van den berg ict"),
        ("van den berg ict bv", "van den berg ict"),
        ("Stichting Cyberworkplace", "cyberworkplace"),
        ("Cyberworkplace (non-profit)", "cyberworkplace non profit"),
        ("Fryslân Data N.V.", "fryslan data"),
        ("  Hogeschool   Rotterdam ", "hogeschool rotterdam"),
        ("Coöperatie Zuivel U.A.", "zuivel"),
        ("Wageningen University & Research", "wageningen university en research"),
        ("mboRijnland", "mborijnland"),
    ],
)
def test_name_key_ignores_case_diacritics_punctuation_and_legal_form(name: str, key: str) -> None:
    assert organisation_name_key(name) == key


@pytest.mark.django_db
class TestOrganisationCreate:
    def test_creates_with_a_slug_from_the_name(self) -> None:
        organisation = organisation_create(name="Van den Berg ICT B.V.", kind=OrganisationKind.COMPANY)

        assert organisation.pk
        assert organisation.slug == "van-den-berg-ict-bv"

    def test_a_clashing_slug_gets_a_number(self) -> None:
        OrganisationFactory.create(name="Albeda", slug="albeda")
        OrganisationFactory.create(name="Albeda 2", slug="albeda-2")

        organisation = organisation_create(name="Albeda!", kind=OrganisationKind.MBO_SCHOOL)

        assert organisation.slug == "albeda-3"

    def test_an_invalid_kvk_number_is_refused_and_nothing_is_written(self) -> None:
        with pytest.raises(ValidationError) as error:
            organisation_create(name="Bedrijf", kind=OrganisationKind.COMPANY, kvk_number="1234")

        assert "kvk_number" in error.value.message_dict
        assert not Organisation.objects.exists()

    def test_a_size_class_for_a_school_is_refused(self) -> None:
        with pytest.raises(ValidationError):
            organisation_create(name="ROC Test", kind=OrganisationKind.MBO_SCHOOL, size_class=SizeClass.SME)
        assert not Organisation.objects.exists()

    def test_a_duplicate_kvk_number_is_refused(self) -> None:
        OrganisationFactory.create(company=True, kvk_number="12345678")

        with pytest.raises(ValidationError):
            organisation_create(name="Ander", kind=OrganisationKind.COMPANY, kvk_number="12345678")


@pytest.mark.django_db
class TestOrganisationGetOrCreateByName:
    @pytest.mark.parametrize(
        "spelling",
        ["Van den Berg ICT", "VAN DEN BERG ICT B.V.", "Van den Berg ICT bv", "Van dén Berg, ICT"],
    )
    def test_finds_the_organisation_under_another_spelling(self, spelling: str) -> None:
        existing = OrganisationFactory.create(name="Van den Berg ICT B.V.", company=True)

        organisation, created = organisation_get_or_create_by_name(name=spelling)

        assert (organisation, created) == (existing, False)
        assert Organisation.objects.count() == 1

    def test_stichting_prefix_does_not_make_a_new_organisation(self) -> None:
        existing = OrganisationFactory.create(name="Cyberworkplace")

        organisation, created = organisation_get_or_create_by_name(name="Stichting Cyberworkplace")

        assert (organisation, created) == (existing, False)

    def test_the_kvk_number_wins_over_the_name(self) -> None:
        existing = OrganisationFactory.create(name="Datalink B.V.", company=True, kvk_number="87654321")

        organisation, created = organisation_get_or_create_by_name(
            name="Datalink Solutions", kvk_number="87654321"
        )

        assert (organisation, created) == (existing, False)

    def test_the_school_code_wins_over_the_name(self) -> None:
        existing = OrganisationFactory.create(name="ROC Zuid", school_code="25BE", school=True)

        organisation, created = organisation_get_or_create_by_name(
            name="Regionaal Opleidingscentrum Zuid", school_code="25be"
        )

        assert (organisation, created) == (existing, False)

    def test_the_same_name_with_another_kvk_number_is_another_company(self) -> None:
        OrganisationFactory.create(name="Jansen Software", company=True, kvk_number="11111111")

        organisation, created = organisation_get_or_create_by_name(
            name="Jansen Software B.V.", kind=OrganisationKind.COMPANY, kvk_number="22222222"
        )

        assert created
        assert organisation.kvk_number == "22222222"
        assert organisation.slug == "jansen-software-bv"
        assert Organisation.objects.count() == 2

    def test_creates_a_new_organisation_with_the_given_details(self) -> None:
        organisation, created = organisation_get_or_create_by_name(
            name="Thales", kind=OrganisationKind.COMPANY, size_class=SizeClass.LARGE
        )

        assert created
        assert (organisation.kind, organisation.size_class) == ("company", "large")
        assert not organisation.fictitious

    def test_an_existing_organisation_is_returned_unchanged(self) -> None:
        existing = OrganisationFactory.create(name="TNO", kind=OrganisationKind.KNOWLEDGE_INSTITUTE)

        organisation, created = organisation_get_or_create_by_name(name="tno", kind=OrganisationKind.COMPANY)

        organisation.refresh_from_db()
        assert (organisation, created) == (existing, False)
        assert organisation.kind == OrganisationKind.KNOWLEDGE_INSTITUTE
        assert organisation.name == "TNO"
