from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "safetymap.safety"
    label = "safety"
    verbose_name = "Safety networks and safety plans"
