from datetime import UTC, datetime

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from netwerkkaart.initiatives.choices import (
    FundingSource,
    InitiativeKind,
    PartnershipRole,
    PublicationStatus,
)
from netwerkkaart.initiatives.models import FundingLine, Initiative, Partnership, YearlyFigure
from netwerkkaart.organisations.tests.factories import OrganisationFactory


class InitiativeFactory(DjangoModelFactory[Initiative]):
    class Meta:
        model = Initiative

    name = factory.Sequence(lambda n: f"Initiatief {n}")
    slug = factory.LazyAttribute(lambda initiative: slugify(initiative.name))
    kind = InitiativeKind.OTHER
    status = PublicationStatus.DRAFT

    class Params:
        published = factory.Trait(
            status=PublicationStatus.PUBLISHED,
            published_at=datetime(2025, 1, 15, 10, tzinfo=UTC),
        )


class PartnershipFactory(DjangoModelFactory[Partnership]):
    class Meta:
        model = Partnership

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PartnershipRole.COMPANY


class FundingLineFactory(DjangoModelFactory[FundingLine]):
    class Meta:
        model = FundingLine

    initiative = factory.SubFactory(InitiativeFactory)
    source = FundingSource.PROVINCE
    amount_per_year = 50_000
    start_year = 2024
    end_year = 2026


class YearlyFigureFactory(DjangoModelFactory[YearlyFigure]):
    class Meta:
        model = YearlyFigure

    initiative = factory.SubFactory(InitiativeFactory)
    year = 2025
    companies = 20
    smes = 17
    students_reached = 150
    source = "Factory"
