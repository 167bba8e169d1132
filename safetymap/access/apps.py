from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "safetymap.access"
    label = "access"
    verbose_name = "Access policy"

    def ready(self) -> None:
        from safetymap.access import signals
        from safetymap.access.home import PROVIDERS
        from safetymap.core.home import provides_home

        for provider in PROVIDERS:
            provides_home(provider)
        signals.connect()
