from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "safetymap.access"
    label = "access"
    verbose_name = "Access policy"
