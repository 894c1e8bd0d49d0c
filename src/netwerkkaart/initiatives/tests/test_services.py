from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from netwerkkaart.initiatives.choices import (
    FundingSource,
    InitiativeKind,
    PartnershipRole,
    PublicationStatus,
)
from netwerkkaart.initiatives.models import FundingLine, Initiative, Partnership, Theme, YearlyFigure
from netwerkkaart.initiatives.services import (
    funding_line_add,
    initiative_create,
    initiative_publish,
    initiative_update,
    partnership_add,
    yearly_figure_add,
)
from netwerkkaart.organisations.tests.factories import OrganisationFactory
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.tests.factories import (
    LabourMarketRegionFactory,
    MunicipalityFactory,
    ProvinceFactory,
    RegionMembershipFactory,
)

from .factories import InitiativeFactory, YearlyFigureFactory

pytestmark = pytest.mark.django_db


def _municipality_in(labour_market_region: Region) -> Region:
    membership = RegionMembershipFactory.create(parent=labour_market_region)
    RegionMembershipFactory.create(municipality=membership.municipality, parent=ProvinceFactory.create())
    return membership.municipality


class TestInitiativeCreate:
    def test_creates_a_draft_with_its_taxonomies(self) -> None:
        themes = list(Theme.objects.filter(slug__in=["cybersecurity", "women-in-ict"]))

        initiative = initiative_create(
            name="  Cyberlab   Twente ", kind=InitiativeKind.FIELDLAB, start_year=2024, themes=themes
        )

        assert initiative.name == "Cyberlab Twente"
        assert initiative.slug == "cyberlab-twente"
        assert initiative.status == PublicationStatus.DRAFT
        assert initiative.published_at is None
        assert set(initiative.themes.values_list("slug", flat=True)) == {
            "cybersecurity",
            "women-in-ict",
        }

    def test_a_clashing_slug_gets_a_number(self) -> None:
        InitiativeFactory.create(name="Data Academy", slug="data-academy")

        assert initiative_create(name="Data Academy").slug == "data-academy-2"

    def test_regions_served_default_to_the_labour_market_region_of_the_municipality(self) -> None:
        rijnmond = LabourMarketRegionFactory.create(code="AM22", name="Rijnmond")
        rotterdam = _municipality_in(rijnmond)

        initiative = initiative_create(name="IT Campus", municipality=rotterdam)

        assert list(initiative.regions_served.all()) == [rijnmond]

    def test_given_regions_served_win_over_the_default(self) -> None:
        rotterdam = _municipality_in(LabourMarketRegionFactory.create())
        province = ProvinceFactory.create()

        initiative = initiative_create(name="IT Verband", municipality=rotterdam, regions_served=[province])

        assert list(initiative.regions_served.all()) == [province]

    def test_without_a_municipality_no_region_is_served(self) -> None:
        assert not initiative_create(name="Nergens").regions_served.exists()

    def test_a_municipality_without_labour_market_region_serves_nothing(self) -> None:
        initiative = initiative_create(name="Los", municipality=MunicipalityFactory.create())

        assert not initiative.regions_served.exists()

    def test_a_contact_person_without_consent_is_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            initiative_create(name="Privé", contact_person="Jan Jansen")

        assert "contact_person_consent_on" in error.value.message_dict
        assert not Initiative.objects.exists()

    def test_a_contact_person_with_consent_is_accepted(self) -> None:
        initiative = initiative_create(
            name="Open", contact_person="Jan Jansen", contact_person_consent_on=date(2026, 1, 5)
        )

        assert initiative.public_contact_person == "Jan Jansen"

    def test_an_end_year_before_the_start_year_is_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            initiative_create(name="Omgekeerd", start_year=2024, end_year=2020)

        assert "end_year" in error.value.message_dict
        assert not Initiative.objects.exists()

    def test_an_unknown_kind_is_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            initiative_create(name="Vreemd", kind="spaceship")

        assert "kind" in error.value.message_dict


class TestInitiativeUpdate:
    def test_changes_fields_but_keeps_the_slug(self) -> None:
        initiative = initiative_create(name="Oude naam")

        initiative_update(initiative=initiative, name="Nieuwe naam", start_year=2022)

        initiative.refresh_from_db()
        assert (initiative.name, initiative.slug, initiative.start_year) == (
            "Nieuwe naam",
            "oude-naam",
            2022,
        )

    def test_default_regions_follow_a_new_municipality(self) -> None:
        first, second = LabourMarketRegionFactory.create(), LabourMarketRegionFactory.create()
        initiative = initiative_create(name="Verhuisd", municipality=_municipality_in(first))

        initiative_update(initiative=initiative, municipality=_municipality_in(second))

        assert list(initiative.regions_served.all()) == [second]

    def test_chosen_regions_stay_when_the_municipality_changes(self) -> None:
        province = ProvinceFactory.create()
        initiative = initiative_create(
            name="Provinciaal",
            municipality=_municipality_in(LabourMarketRegionFactory.create()),
            regions_served=[province],
        )

        initiative_update(
            initiative=initiative, municipality=_municipality_in(LabourMarketRegionFactory.create())
        )

        assert list(initiative.regions_served.all()) == [province]

    def test_an_invalid_change_is_refused_and_not_saved(self) -> None:
        initiative = initiative_create(name="Geldig", start_year=2020)

        with pytest.raises(ValidationError):
            initiative_update(initiative=initiative, end_year=2019)

        initiative.refresh_from_db()
        assert initiative.end_year is None


class TestInitiativePublish:
    def test_publishing_sets_the_status_and_keeps_the_first_moment(self) -> None:
        initiative = initiative_create(name="Publiek")
        first = datetime(2026, 3, 1, 9, tzinfo=UTC)

        initiative_publish(initiative=initiative, published_at=first)
        initiative_publish(initiative=initiative)

        initiative.refresh_from_db()
        assert initiative.status == PublicationStatus.PUBLISHED
        assert initiative.published_at == first

    def test_an_invalid_initiative_is_not_published(self) -> None:
        initiative = InitiativeFactory.create(start_year=2020)
        initiative.end_year = 2019  # an unsaved, invalid change

        with pytest.raises(ValidationError):
            initiative_publish(initiative=initiative)

        initiative.refresh_from_db()
        assert initiative.status == PublicationStatus.DRAFT


class TestPartnershipAdd:
    def test_links_an_organisation_in_a_role(self) -> None:
        initiative, organisation = InitiativeFactory.create(), OrganisationFactory.create(school=True)

        partnership = partnership_add(
            initiative=initiative, organisation=organisation, role=PartnershipRole.LEAD_APPLICANT
        )

        assert list(initiative.partnerships.all()) == [partnership]

    def test_the_same_role_twice_is_refused(self) -> None:
        initiative, organisation = InitiativeFactory.create(), OrganisationFactory.create()
        partnership_add(initiative=initiative, organisation=organisation, role=PartnershipRole.FUNDER)

        with pytest.raises(ValidationError):
            partnership_add(initiative=initiative, organisation=organisation, role=PartnershipRole.FUNDER)
        assert Partnership.objects.count() == 1

    def test_until_before_since_is_refused(self) -> None:
        with pytest.raises(ValidationError):
            partnership_add(
                initiative=InitiativeFactory.create(),
                organisation=OrganisationFactory.create(),
                role=PartnershipRole.COMPANY,
                since=2024,
                until=2022,
            )
        assert not Partnership.objects.exists()

    def test_an_unknown_role_is_refused(self) -> None:
        with pytest.raises(ValidationError):
            partnership_add(
                initiative=InitiativeFactory.create(),
                organisation=OrganisationFactory.create(),
                role="friend",
            )


class TestFundingLineAdd:
    def test_records_a_funding_line(self) -> None:
        line = funding_line_add(
            initiative=InitiativeFactory.create(),
            source=FundingSource.RIF,
            amount_per_year=250_000,
            start_year=2024,
            end_year=2027,
            end_date=date(2027, 7, 31),
        )

        assert line.amount_per_year == Decimal("250000")

    def test_a_last_year_before_the_first_year_is_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            funding_line_add(
                initiative=InitiativeFactory.create(),
                source=FundingSource.PROVINCE,
                start_year=2026,
                end_year=2024,
            )

        assert "end_year" in error.value.message_dict
        assert not FundingLine.objects.exists()

    def test_an_end_date_before_the_first_year_is_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            funding_line_add(
                initiative=InitiativeFactory.create(),
                source=FundingSource.PROVINCE,
                start_year=2026,
                end_date=date(2025, 12, 31),
            )

        assert "end_date" in error.value.message_dict

    def test_an_end_date_outside_the_last_year_is_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            funding_line_add(
                initiative=InitiativeFactory.create(),
                source=FundingSource.EU_ESF,
                start_year=2024,
                end_year=2026,
                end_date=date(2027, 1, 31),
            )

        assert "end_date" in error.value.message_dict

    def test_a_negative_amount_is_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            funding_line_add(
                initiative=InitiativeFactory.create(), source=FundingSource.OTHER, amount_per_year=-1
            )

        assert "amount_per_year" in error.value.message_dict


class TestYearlyFigureAdd:
    def test_records_figures_with_their_source(self) -> None:
        figure = yearly_figure_add(
            initiative=InitiativeFactory.create(),
            year=2025,
            source=" Jaarverslag 2025 ",
            companies=40,
            smes=35,
            women_share=Decimal("22.5"),
        )

        assert (figure.source, figure.smes) == ("Jaarverslag 2025", 35)

    def test_more_smes_than_companies_is_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            yearly_figure_add(
                initiative=InitiativeFactory.create(), year=2025, source="Monitor", companies=10, smes=11
            )

        assert "smes" in error.value.message_dict
        assert not YearlyFigure.objects.exists()

    def test_a_figure_without_source_is_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            yearly_figure_add(initiative=InitiativeFactory.create(), year=2025, source="  ", companies=3)

        assert "source" in error.value.message_dict

    def test_a_second_figure_for_the_same_year_and_source_is_refused(self) -> None:
        existing = YearlyFigureFactory.create(year=2025, source="Monitor")

        with pytest.raises(ValidationError):
            yearly_figure_add(initiative=existing.initiative, year=2025, source="Monitor")

    def test_a_share_of_women_above_100_percent_is_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            yearly_figure_add(
                initiative=InitiativeFactory.create(), year=2025, source="Monitor", women_share=120
            )

        assert "women_share" in error.value.message_dict
