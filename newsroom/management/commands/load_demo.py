"""Load the demo newsroom built from the two seed articles, and one account per role."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from newsroom import demo
from newsroom.roles import ROLE_GROUPS, ensure_roles


class Command(BaseCommand):
    help = (
        "Load the demo newsroom (sources, quotations, claims, events from the two seed "
        "articles). Idempotent: running it again creates nothing new. With DEBUG on, it also "
        "creates the accounts contributor, factchecker, editor and admin."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-text",
            metavar="DIR",
            type=Path,
            help="Folder holding the seed articles: they become the sources' text snapshots "
            "and every appearance is anchored in them.",
        )
        parser.add_argument(
            "--password",
            help="Password for the demo accounts (otherwise a random one is printed).",
        )

    def handle(self, *args, with_text=None, password=None, **options):
        if password is not None and not settings.DEBUG:
            raise CommandError("Demo accounts are refused when DEBUG is off; drop --password.")
        try:
            texts = demo.read_snapshots(with_text) if with_text else {}
        except demo.DemoTextError as error:
            raise CommandError(str(error)) from error

        with transaction.atomic():
            counts = demo.load(texts)
            self.stdout.write(
                "Demo newsroom loaded: "
                + ", ".join(f"{count} {name}" for name, count in counts.items())
                + "."
            )
            if not counts["snapshots"]:
                self.stdout.write(
                    "No text snapshots attached (give --with-text DIR to anchor the quotations)."
                )
            if settings.DEBUG:
                self.create_accounts(password)
            else:
                self.stdout.write(
                    self.style.WARNING("DEBUG is off: demo accounts are not created.")
                )

    def create_accounts(self, password: str | None) -> None:
        # The role groups come from a data migration (newsroom 0002); refreshing them here
        # also mends a database whose groups were removed.
        groups = ensure_roles(Group, Permission)
        password = password or secrets.token_urlsafe(12)
        User = get_user_model()
        users = {}
        for username in ROLE_GROUPS:
            user = User.objects.filter(username=username).first() or User(username=username)
            user.email = f"{username}@demo.invalid"
            user.is_staff = True
            user.is_superuser = username == "admin"
            user.set_password(password)
            user.save()
            user.groups.set([groups[username]])
            users[username] = user
        demo.assign_work(users)
        self.stdout.write(f"Demo accounts {', '.join(ROLE_GROUPS)} have the password: {password}")
