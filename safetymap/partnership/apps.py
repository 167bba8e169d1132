from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "safetymap.partnership"
    label = "partnership"
    verbose_name = "The safeguarding partnership's programme"
