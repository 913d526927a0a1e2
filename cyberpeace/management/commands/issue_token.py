"""Issue a partner's token from the command line: the key alone on stdout."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cyberpeace.tokens import MAX_DAYS, issue_token


def days(value: str) -> int:
    number = int(value)
    if not 1 <= number <= MAX_DAYS:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Issue an API token for USER and print its key, alone, so that a script can "
        "capture it. The key is not stored and cannot be shown again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("user", help="The username the token acts as.")
        parser.add_argument(
            "--expires",
            type=days,
            metavar="DAYS",
            help=f"Days the token is valid (1 to {MAX_DAYS}); without it, the token "
            "follows REST_KNOX's TOKEN_TTL (by default, no expiry).",
        )

    def handle(self, *args, user: str, expires: int | None, **options) -> None:
        model = get_user_model()
        found = model._default_manager.filter(**{model.USERNAME_FIELD: user}).first()
        if found is None:
            raise CommandError(
                f"No user named “{user}”: create it first (manage.py createsuperuser, or in the admin)."
            )
        if not found.is_active:
            raise CommandError(f"“{user}” is inactive: a token of theirs would not work.")
        _, key = issue_token(user=found, days=expires)
        self.stdout.write(key)
