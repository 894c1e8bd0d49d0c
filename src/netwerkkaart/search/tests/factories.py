"""Small factories for the search tests: records straight through the ORM, indexed explicitly."""

import factory
from factory.django import DjangoModelFactory

from netwerkkaart.initiatives.choices import PublicationStatus
from netwerkkaart.initiatives.models import Initiative, Theme
from netwerkkaart.organisations.models import Organisation


class ThemeFactory(DjangoModelFactory[Theme]):
    class Meta:
        model = Theme

    slug = factory.Sequence(lambda n: f"search-test-theme-{n}")
    name_nl = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class InitiativeFactory(DjangoModelFactory[Initiative]):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Initiatief {n}")
    slug = factory.Sequence(lambda n: f"search-test-initiative-{n}")
    status = PublicationStatus.PUBLISHED

    @factory.post_generation
    def themes(self, create: bool, extracted: list[Theme] | None, **kwargs: object) -> None:
        if create and extracted:
            self.themes.set(extracted)


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.Sequence(lambda n: f"search-test-organisation-{n}")
