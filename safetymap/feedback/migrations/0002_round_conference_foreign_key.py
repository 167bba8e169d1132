"""FeedbackRound.conference_id (a plain number) becomes a foreign key to the conference.

The number is kept under another name, the foreign key is added, each round whose number names a
conference that exists is pointed at it, and the number is dropped. A number naming no
conference (there should be none: rounds were only made by the conferences hook) is left empty
rather than kept as a dangling reference; the migration reports how many.
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_numbers_to_the_key(apps, schema_editor):
    FeedbackRound = apps.get_model("feedback", "FeedbackRound")
    Conference = apps.get_model("conferences", "Conference")
    numbered = FeedbackRound.objects.filter(conference_number__isnull=False)
    existing = set(
        Conference.objects.filter(
            pk__in=numbered.values_list("conference_number", flat=True)
        ).values_list("pk", flat=True)
    )
    lost = 0
    for feedback_round in numbered.only("pk", "conference_number"):
        if feedback_round.conference_number in existing:
            FeedbackRound.objects.filter(pk=feedback_round.pk).update(
                conference_id=feedback_round.conference_number
            )
        else:
            lost += 1
    if lost:
        print(f"\n  {lost} feedback round(s) named a conference that does not exist: left empty.")


def copy_the_key_back(apps, schema_editor):
    FeedbackRound = apps.get_model("feedback", "FeedbackRound")
    for feedback_round in FeedbackRound.objects.filter(conference__isnull=False).only(
        "pk", "conference_id"
    ):
        FeedbackRound.objects.filter(pk=feedback_round.pk).update(
            conference_number=feedback_round.conference_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0001_initial"),
        ("feedback", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="feedbackround",
            name="feedback_one_round_per_conference_and_episode",
        ),
        migrations.RenameField(
            model_name="feedbackround", old_name="conference_id", new_name="conference_number"
        ),
        migrations.AddField(
            model_name="feedbackround",
            name="conference",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="feedback_rounds",
                to="conferences.conference",
            ),
        ),
        migrations.RunPython(copy_numbers_to_the_key, copy_the_key_back),
        migrations.RemoveField(model_name="feedbackround", name="conference_number"),
        migrations.AddConstraint(
            model_name="feedbackround",
            constraint=models.UniqueConstraint(
                condition=models.Q(("conference__isnull", False)),
                fields=("conference", "episode"),
                name="feedback_one_round_per_conference_and_episode",
            ),
        ),
    ]
