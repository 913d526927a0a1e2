"""Make sure a local editor account exists, for development only."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the local editor account (development only) and print its password once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default="editor")
        parser.add_argument(
            "--reset-password", action="store_true", help="Give the account a new password."
        )

    def handle(self, *args, username: str, reset_password: bool, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("The local editor account is for development: DJANGO_DEBUG is off.")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "email": f"{username}@localhost"}
        )
        user.groups.add(Group.objects.get(name="Editors"))
        if not (created or reset_password):
            self.stdout.write(
                f"Editor account: {username} (its password was printed when it was made; "
                "`.venv/bin/python manage.py ensure_editor --reset-password` gives a new one)."
            )
            return
        password = secrets.token_urlsafe(12)
        user.is_staff = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"Editor account: {username}  password: {password}")
