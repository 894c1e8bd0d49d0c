import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from netwerkkaart.organisations.choices import OrganisationKind, SizeClass
from netwerkkaart.organisations.models import Organisation


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.LazyAttribute(lambda organisation: slugify(organisation.name))
    kind = OrganisationKind.OTHER

    class Params:
        company = factory.Trait(kind=OrganisationKind.COMPANY, size_class=SizeClass.SME)
        school = factory.Trait(kind=OrganisationKind.MBO_SCHOOL)
