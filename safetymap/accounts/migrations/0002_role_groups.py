"""One group per role (safetymap.accounts.roles.Role)."""

from django.db import migrations

ROLE_LABELS = [
    "Social worker",
    "Team manager",
    "Service manager",
    "Front door (MASH) practitioner",
    "Conference chair",
    "Business support",
    "Partner practitioner",
    "Practice lead",
    "Trainer",
    "Partnership administrator",
    "Privacy officer",
    "System administrator",
]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for label in ROLE_LABELS:
        Group.objects.get_or_create(name=label)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
