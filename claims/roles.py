"""The desk's two roles as Django groups, kept in step with the models on every migrate.

Reviewers read everything and add decisions; what the pipeline made (claims, evidence, verdicts)
and the register of sources stay out of their reach. Administrators may do everything with the
desk's records. A user gets a role by joining its group (admin: Users → Groups).
"""

from __future__ import annotations

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

APP_LABEL = "claims"
REVIEWERS = "Reviewers"
ADMINISTRATORS = "Administrators"

# A reviewer's one write: a decision beside the machine verdict
# (claims.services.reviews.review_record).
REVIEWER_WRITES = frozenset({"add_review"})


def role_permissions(codenames: set[str]) -> dict[str, set[str]]:
    """Each role's permission codenames, picked from all of the app's codenames."""
    return {
        REVIEWERS: {c for c in codenames if c.startswith("view_")} | (REVIEWER_WRITES & codenames),
        ADMINISTRATORS: set(codenames),
    }


def roles_sync(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create the groups if missing and set their permissions to exactly what the roles allow."""
    Group = apps.get_model("auth", "Group")  # noqa: N806 - model classes read as classes
    Permission = apps.get_model("auth", "Permission")  # noqa: N806
    permissions = Permission.objects.using(using).filter(content_type__app_label=APP_LABEL)
    by_codename = {p.codename: p for p in permissions}
    for name, codenames in role_permissions(set(by_codename)).items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set([by_codename[c] for c in sorted(codenames)])


def roles_after_migrate(sender: AppConfig, *, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate receiver: the permissions of new models exist by now (auth creates them
    first, for every app), so the roles pick them up."""
    from django.contrib.auth.management import create_permissions

    try:
        apps.get_model("auth", "Group")
        apps.get_model(APP_LABEL, "Claim")
    except LookupError:
        return  # migrating to a state without the tables (e.g. backwards to zero)
    # Idempotent; covers a migrate run in which auth's own receiver has not run for this app yet.
    create_permissions(sender, verbosity=0, interactive=False, using=using, apps=apps)
    roles_sync(apps=apps, using=using)
