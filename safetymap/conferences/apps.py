from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "safetymap.conferences"
    verbose_name = "Child protection conferences"

    def ready(self) -> None:
        from safetymap.cases import providers
        from safetymap.conferences.providers import plan_agencies

        providers.register_plan_agencies(plan_agencies)
