from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PartnershipConfig(AppConfig):
    name = "safetymap.partnership"
    label = "partnership"
    verbose_name = "The safeguarding partnership's programme"

    def ready(self) -> None:
        from safetymap.core.home import provides_home
        from safetymap.partnership.home import PROVIDERS

        for provider in PROVIDERS:
            provides_home(provider)

        from safetymap.partnership.editors import ensure_editor_permissions

        post_migrate.connect(ensure_editor_permissions, sender=self)

        from wagtail.signals import page_published, page_unpublished

        from safetymap.partnership import signals

        page_published.connect(signals.page_published, dispatch_uid="partnership-audit-publish")
        page_unpublished.connect(
            signals.page_unpublished, dispatch_uid="partnership-audit-unpublish"
        )
