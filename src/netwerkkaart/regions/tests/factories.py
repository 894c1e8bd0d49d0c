"""Factories for regions: one labour-market region, province and municipality at a time."""

import factory
from factory.django import DjangoModelFactory

from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region, RegionMembership

REGION_YEAR = 2026


class RegionFactory(DjangoModelFactory[Region]):
    class Meta:
        model = Region

    kind = RegionKind.MUNICIPALITY
    code = factory.Sequence(lambda n: f"GM9{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    year = REGION_YEAR
    is_current = True
    latitude = 52.1
    longitude = 5.1
    source = "factory"


class MunicipalityFactory(RegionFactory):
    kind = RegionKind.MUNICIPALITY


class LabourMarketRegionFactory(RegionFactory):
    kind = RegionKind.LABOUR_MARKET_REGION
    code = factory.Sequence(lambda n: f"AM{90 + n % 10:02d}")
    name = factory.Sequence(lambda n: f"Arbeidsmarktregio {n}")


class ProvinceFactory(RegionFactory):
    kind = RegionKind.PROVINCE
    code = factory.Sequence(lambda n: f"PV{90 + n % 10:02d}")
    name = factory.Sequence(lambda n: f"Provincie {n}")


class RegionMembershipFactory(DjangoModelFactory[RegionMembership]):
    class Meta:
        model = RegionMembership

    municipality = factory.SubFactory(MunicipalityFactory)
    parent = factory.SubFactory(LabourMarketRegionFactory)
    parent_kind = factory.LazyAttribute(lambda membership: membership.parent.kind)
    year = REGION_YEAR
    source = "factory"
