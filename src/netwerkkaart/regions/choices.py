from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    COUNTRY = "country", _("country")
    PROVINCE = "province", _("province")
    LABOUR_MARKET_REGION = "labour_market_region", _("labour-market region")
    MUNICIPALITY = "municipality", _("municipality")


# The CBS code prefix of each region kind.
CODE_PREFIX = {
    RegionKind.COUNTRY: "NL",
    RegionKind.PROVINCE: "PV",
    RegionKind.LABOUR_MARKET_REGION: "AM",
    RegionKind.MUNICIPALITY: "GM",
}


class PostcodeKind(models.TextChoices):
    ADDRESSES = "addresses", _("addresses")
    PO_BOXES = "po_boxes", _("PO boxes only")
    UNKNOWN = "unknown", _("unknown")
