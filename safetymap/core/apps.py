from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safetymap.core"
    label = "core"
    verbose_name = "Page furniture and shared parts"
