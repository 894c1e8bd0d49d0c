"""Who may do what: anyone reads (throttled per address), staff users write with an API token."""

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from netwerkkaart.accounts.models import User

from .models import ApiToken
from .services import api_token_hash, api_token_mark_used

if TYPE_CHECKING:
    from rest_framework.views import APIView


class ApiTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>`` (DRF's scheme), checked against the stored hashes."""

    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=api_token_hash(key=key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        api_token_mark_used(token=token)
        return token.user, token


class ReadAnyoneWriteStaff(BasePermission):
    """Reading is open to everyone; writing needs an authenticated, active staff user (for now)."""

    message = _("Writing needs the API token of a staff user.")

    def has_permission(self, request: Request, view: "APIView") -> bool:
        method = (request.method or "").lower()
        if request.method in SAFE_METHODS or not hasattr(view, method):
            return True  # reading, or a method the view lacks: that answers 405 itself
        user: Any = request.user
        return bool(user and user.is_authenticated and user.is_active and user.is_staff)


class _CurrentRate:
    """Reads the rate when asked rather than when the class is defined, so settings can change it
    (tests, and `override_settings`)."""

    scope: str | None

    def get_rate(self) -> str | None:
        rate: Any = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return None if rate is None else str(rate)


class AnonThrottle(_CurrentRate, AnonRateThrottle):
    """Anonymous clients, per address (see ``NUM_PROXIES`` for addresses behind a proxy)."""


class UserThrottle(_CurrentRate, UserRateThrottle):
    """Clients with a token, per user."""
