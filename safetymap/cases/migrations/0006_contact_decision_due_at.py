"""R1: a contact's decision falls due at a moment (received + 1 working day, at the same time
of day in Europe/London), not on a day; a decision later than that is flagged; the reminder two
hours before is sent once (``reminder_sent_at``). Existing contacts get their due moment from
when they were received, and a decided one its breach flag."""

import datetime
from zoneinfo import ZoneInfo

from django.db import migrations, models

from safetymap.core.workdays import add_working_days

LONDON = ZoneInfo("Europe/London")


def fill_due_moments(apps, schema_editor) -> None:
    Contact = apps.get_model("cases", "Contact")
    for contact in Contact.objects.only("pk", "received_at", "decision_at").iterator():
        local = contact.received_at.astimezone(LONDON)
        due_at = datetime.datetime.combine(
            add_working_days(local.date(), 1), local.time().replace(tzinfo=None), tzinfo=LONDON
        )
        late = contact.decision_at is not None and contact.decision_at > due_at
        Contact.objects.filter(pk=contact.pk).update(decision_due_at=due_at, decision_late=late)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_core_group_membership"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="decision_due_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="contact",
            name="decision_late",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="contact",
            name="reminder_sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill_due_moments, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="contact",
            name="cases_conta_decisio_730d72_idx",
        ),
        migrations.RemoveField(
            model_name="contact",
            name="decision_due",
        ),
        migrations.AlterField(
            model_name="contact",
            name="decision_due_at",
            field=models.DateTimeField(),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                fields=["decision", "decision_due_at"], name="cases_conta_decisio_5d9745_idx"
            ),
        ),
    ]
