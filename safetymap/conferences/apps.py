from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "safetymap.conferences"
    verbose_name = "Child protection conferences"
