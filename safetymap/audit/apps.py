from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safetymap.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from safetymap.audit import signals  # noqa: F401 - connects sign-in events
        from safetymap.audit.selectors import last_change_in_words
        from safetymap.core import revisions

        revisions.register_last_change(last_change_in_words)
