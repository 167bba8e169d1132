from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "safetymap.backups"
    label = "backups"
    verbose_name = "Backup and restore"
