from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "safetymap.demo"
    label = "demo"
    verbose_name = "Demo data"
