from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safetymap.cases"
    label = "cases"
    verbose_name = "Episodes, the statutory pathway and allocations"

    def ready(self) -> None:
        from safetymap.cases.home import PROVIDERS
        from safetymap.core.home import provides_home

        for provider in PROVIDERS:
            provides_home(provider)
