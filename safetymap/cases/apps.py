from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safetymap.cases"
    label = "cases"
    verbose_name = "Episodes, the statutory pathway and allocations"
