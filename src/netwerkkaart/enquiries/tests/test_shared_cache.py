"""With a shared cache (Redis) every process counts the same client against the same limit."""

from collections.abc import Iterator
from uuid import uuid4

import environ
import pytest
import redis
from django.core.cache import CacheHandler
from django.test import RequestFactory, override_settings

from netwerkkaart.enquiries import ratelimit

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def shared_cache() -> Iterator[dict[str, object]]:
    """The default cache in Redis (the test database 15), under a prefix of its own; removed afterwards."""
    config = environ.Env.cache_url_config(REDIS_URL)
    config["KEY_PREFIX"] = f"netwerkkaart-test-{uuid4().hex}"
    yield config
    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(f"{config['KEY_PREFIX']}:*"):
        server.delete(key)


def test_the_cache_url_setting_gives_django_s_redis_cache(shared_cache: dict[str, object]) -> None:
    assert shared_cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_a_second_process_sees_the_requests_the_first_one_counted(
    shared_cache: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    with override_settings(CACHES={"default": shared_cache}):
        first_process, second_process = CacheHandler(), CacheHandler()  # each with its own connection

        monkeypatch.setattr(ratelimit, "cache", first_process["default"])
        allowed_first = [ratelimit.rate_limit_allows(request, scope="test", rate="3/hour") for _ in range(2)]
        monkeypatch.setattr(ratelimit, "cache", second_process["default"])
        allowed_second = [ratelimit.rate_limit_allows(request, scope="test", rate="3/hour") for _ in range(2)]

    assert allowed_first == [True, True]
    assert allowed_second == [True, False]
