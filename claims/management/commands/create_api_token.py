"""Create (or show) an API token for a user, creating the user if needed."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

# What a reviewer may do: read everything, add decisions; never change claims or evidence.
REVIEWER_PERMISSIONS = [
    "add_review",
    "view_review",
    "view_claim",
    "view_evidence",
    "view_document",
    "view_source",
    "view_referencefigure",
]


class Command(BaseCommand):
    help = "Print an API token for USERNAME, creating the user (without a password) if needed."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--staff", action="store_true", help="Make the user staff.")
        parser.add_argument(
            "--reviewer",
            action="store_true",
            help="Let the user record review decisions (and read everything in the admin).",
        )

    def handle(self, *args, username: str, staff: bool, reviewer: bool, **options):
        username = username.strip()
        if not username:
            raise CommandError("give a non-empty username")
        User = get_user_model()  # noqa: N806 - Django's idiom for the configured user model
        with transaction.atomic():
            user, created = User.objects.get_or_create(**{User.USERNAME_FIELD: username})
            if created:
                user.set_unusable_password()
            if staff:
                user.is_staff = True
            user.save()
            if reviewer:
                user.user_permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label="claims", codename__in=REVIEWER_PERMISSIONS
                    )
                )
            token, _ = Token.objects.get_or_create(user=user)
        if created:
            self.stderr.write(f"created user {username!r}")
        self.stdout.write(token.key)
