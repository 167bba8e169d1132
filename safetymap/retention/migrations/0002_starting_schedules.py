"""The starting retention schedules. These are STARTING VALUES FOR THE COUNCIL TO SET, not advice:
the council's information governance lead confirms or changes each one on Retention → Schedules
(every change is audited). They follow common practice in English children's social care:

- a child known only through contacts that led to no further action: 6 years after the last
  contact was decided;
- a child's record with no child protection plan: until the child's 25th birthday;
- a child who was on a child protection plan: long-term, 35 years after the last plan ended
  (always past the 25th birthday).

Records of children who were looked after are commonly kept 75 years from birth; Safetymap does
not hold looked-after episodes yet (docs/retention.md).
"""

from django.db import migrations

STARTING = [
    ("CONTACT_ONLY", "LAST_CONTACT_DECIDED", 6, 0),
    ("CHILD_RECORD", "DATE_OF_BIRTH", 25, 0),
    ("CHILD_PROTECTION", "LAST_PLAN_ENDED", 35, 0),
]


def seed(apps, schema_editor):
    RetentionSchedule = apps.get_model("retention", "RetentionSchedule")
    for record_type, anchor, years, months in STARTING:
        RetentionSchedule.objects.get_or_create(
            record_type=record_type,
            defaults={
                "anchor": anchor,
                "years": years,
                "months": months,
                "policy_reference": "Starting value: set by the council",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
