"""Writes for API tokens."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from netwerkkaart.accounts.models import User

from .models import ApiToken

# 32 random bytes: far beyond guessing, and still one line to copy.
KEY_BYTES = 32


def api_token_hash(*, key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with its key, which is not stored and cannot be shown again."""
    key = secrets.token_urlsafe(KEY_BYTES)
    token = ApiToken(user=user, name=name.strip(), key_hash=api_token_hash(key=key), prefix=key[:8])
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_mark_used(*, token: ApiToken) -> None:
    """Records the day of use, at most one write per token per day."""
    today = timezone.localdate()
    if token.last_used_on != today:
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
        token.last_used_on = today
