"""Makes an API token for a staff user and prints its key, once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from netwerkkaart.accounts.models import User
from netwerkkaart.api.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a staff user; the key is printed once and not stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The e-mail address of an active staff user.")
        parser.add_argument("--name", required=True, help="What or who will use the token.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"No active user with the e-mail address {options['email']}.")
        if not user.is_staff:
            raise CommandError(
                "Only staff users can write through the API; give the user staff status first."
            )
        token, key = api_token_create(user=user, name=options["name"])
        self.stdout.write(f"Token {token.name!r} for {user.email}. Key, shown only now:\n{key}")
