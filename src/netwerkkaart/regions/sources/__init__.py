"""Readers of the official reference-data formats, and the download of the same data online.

Readers only read and validate; they never touch the database (``services`` does). Each reader
collects every problem of its file before it raises ``DataImportError``, so one run lists all that
needs fixing. Rows are line numbers of the file (a CSV header is row 1), except in boundary files,
where a row is the position of the feature (the first feature is 1): those files put many features
on one line.

Region names, sources and codes written here end up in the database; they are never translated,
so the same import gives the same rows whatever language is active.

The modules: ``files`` (which files a folder holds), ``records`` (what the readers give),
``common`` (a file's problem list, reading text and JSON), ``geometry`` and ``topojson`` (boundary
shapes), one reader each in ``boundaries``, ``memberships`` and ``postcodes``, and ``online``.
"""

from .boundaries import read_region_boundaries
from .files import MEMBERSHIP_FILE, ReferenceFiles, reference_files_find
from .geometry import GeometryError, boundary_geojson, boundary_geometry, boundary_normalise, geometry_parse
from .memberships import read_labour_market_memberships, region_name_key
from .online import Fetch, OnlineSources, reference_data_download, urllib_fetch
from .postcodes import read_postcodes
from .records import (
    MembershipRecord,
    MembershipTable,
    PostcodeFile,
    PostcodeRecord,
    RegionRecord,
    RegionSet,
)
from .topojson import TopoJSONError, topojson_features

__all__ = [
    "MEMBERSHIP_FILE",
    "Fetch",
    "GeometryError",
    "MembershipRecord",
    "MembershipTable",
    "OnlineSources",
    "PostcodeFile",
    "PostcodeRecord",
    "ReferenceFiles",
    "RegionRecord",
    "RegionSet",
    "TopoJSONError",
    "boundary_geojson",
    "boundary_geometry",
    "boundary_normalise",
    "geometry_parse",
    "read_labour_market_memberships",
    "read_postcodes",
    "read_region_boundaries",
    "reference_data_download",
    "reference_files_find",
    "region_name_key",
    "topojson_features",
    "urllib_fetch",
]
