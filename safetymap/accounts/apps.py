from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "safetymap.accounts"
    label = "accounts"
    verbose_name = "Users, organisations and roles"

    def ready(self) -> None:
        from safetymap.accounts import sessions  # noqa: F401 - keeps the list of sign-ins
        from safetymap.accounts.role_groups import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)
