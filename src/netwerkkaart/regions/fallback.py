"""The built-in regions: the site runs without any data file or internet.

Codes and names only, no boundaries. The years equal those of the shipped boundary files
(provincie_2023, arbeidsmarktregio_2024), so a later file import completes these same rows with
boundaries instead of storing a second set beside them.
"""

from .choices import RegionKind
from .sources import RegionRecord

PROVINCE_YEAR = 2023
LABOUR_MARKET_REGION_YEAR = 2024
COUNTRY_YEAR = 2024
SOURCE = "built-in list of CBS codes and names"

COUNTRY = ("NL", "Nederland")

# Official CBS names; the province of Friesland is officially "Fryslân".
PROVINCES = (
    ("PV20", "Groningen"),
    ("PV21", "Fryslân"),
    ("PV22", "Drenthe"),
    ("PV23", "Overijssel"),
    ("PV24", "Flevoland"),
    ("PV25", "Gelderland"),
    ("PV26", "Utrecht"),
    ("PV27", "Noord-Holland"),
    ("PV28", "Zuid-Holland"),
    ("PV29", "Zeeland"),
    ("PV30", "Noord-Brabant"),
    ("PV31", "Limburg"),
)

LABOUR_MARKET_REGIONS = (
    ("AM01", "Groningen"),
    ("AM02", "Friesland"),
    ("AM03", "Drenthe"),
    ("AM05", "Twente"),
    ("AM06", "Veluwe Stedendriehoek"),
    ("AM07", "Midden-Gelderland"),
    ("AM08", "Rijk van Nijmegen"),
    ("AM09", "Achterhoek"),
    ("AM10", "Rivierenland"),
    ("AM11", "Flevoland"),
    ("AM12", "Gooi en Vechtstreek"),
    ("AM13", "Midden-Utrecht"),
    ("AM14", "Amersfoort"),
    ("AM15", "Noord-Holland Noord"),
    ("AM17", "Zaanstreek/Waterland"),
    ("AM18", "Groot Amsterdam"),
    ("AM19", "Holland Rijnland"),
    ("AM20", "Midden-Holland"),
    ("AM21", "Haaglanden"),
    ("AM22", "Rijnmond"),
    ("AM23", "Drechtsteden"),
    ("AM24", "Zeeland"),
    ("AM25", "West-Brabant"),
    ("AM26", "Midden-Brabant"),
    ("AM27", "Noordoost-Brabant"),
    ("AM28", "Zuidoost-Brabant"),
    ("AM29", "Noord-Limburg"),
    ("AM30", "Zuid-Limburg"),
    ("AM32", "Helmond-De Peel"),
    ("AM33", "Midden-Limburg"),
    ("AM34", "Zuid-Holland Centraal"),
    ("AM35", "Gorinchem"),
    ("AM36", "Regio Zwolle"),
    ("AM37", "Zuid-Kennemerland en IJmond"),
    ("AM38", "FoodValley"),
)


def fallback_regions() -> tuple[RegionRecord, ...]:
    """The country, the 12 provinces and the 35 labour-market regions, without boundaries."""
    country = RegionRecord(
        kind=RegionKind.COUNTRY, code=COUNTRY[0], name=COUNTRY[1], year=COUNTRY_YEAR, source=SOURCE
    )
    provinces = tuple(
        RegionRecord(kind=RegionKind.PROVINCE, code=code, name=name, year=PROVINCE_YEAR, source=SOURCE)
        for code, name in PROVINCES
    )
    labour_market_regions = tuple(
        RegionRecord(
            kind=RegionKind.LABOUR_MARKET_REGION,
            code=code,
            name=name,
            year=LABOUR_MARKET_REGION_YEAR,
            source=SOURCE,
        )
        for code, name in LABOUR_MARKET_REGIONS
    )
    return (country, *provinces, *labour_market_regions)
