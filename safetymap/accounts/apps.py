from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safetymap.accounts"
    label = "accounts"
    verbose_name = "Users, organisations and roles"
