from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "safetymap.people"
    label = "people"
    verbose_name = "Children, adults, relationships and households"
