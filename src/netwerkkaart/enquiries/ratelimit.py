"""A fixed-window rate limit per client on the default cache (ADR 16).

Small enough not to need a library: one atomic `add` or `incr` per request. The client is the address
the request came from (the last of X-Forwarded-For that the trusted proxies added, as the API's
throttle reads it), kept in the cache only as a hash.
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)\s*$")
_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def rate_parse(rate: str) -> tuple[int, int]:
    """'5/hour' -> (5, 3600)."""
    match = _RATE.match(rate)
    if match is None:
        raise ImproperlyConfigured(
            f"A rate is 'number/second|minute|hour|day', such as '5/hour', not '{rate}'."
        )
    return int(match.group(1)), _SECONDS[match.group(2)]


def client_address(request: HttpRequest) -> str:
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return str(request.META.get("REMOTE_ADDR", ""))


def rate_limit_allows(request: HttpRequest, *, scope: str, rate: str) -> bool:
    """Counts this request for its client; False once the client went over ``rate`` in this window."""
    limit, period = rate_parse(rate)
    client = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{client}:{int(time.time() // period)}"
    if cache.add(key, 1, timeout=period):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit
