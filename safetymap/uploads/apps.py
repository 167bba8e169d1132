from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "safetymap.uploads"
    label = "uploads"
    verbose_name = "Uploaded files"
