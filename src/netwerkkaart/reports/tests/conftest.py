import pytest

from netwerkkaart.core.services import data_version_bump
from netwerkkaart.initiatives.result_index import initiative_index_invalidate
from netwerkkaart.regions.selectors import REGIONS_DATA_KEY
from netwerkkaart.web.tests.conftest import World, world_create


@pytest.fixture
def world(db: None) -> World:
    """The web tests' small country, with its data marked (so profiles may be cached)."""
    created = world_create()
    data_version_bump(key=REGIONS_DATA_KEY)
    initiative_index_invalidate()
    return created
