from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"
    verbose_name = "Fact-checking desk"

    def ready(self) -> None:
        from claims.roles import roles_after_migrate

        # The Reviewers and Administrators groups follow the models after every migrate.
        post_migrate.connect(roles_after_migrate, sender=self, dispatch_uid="claims.roles")
