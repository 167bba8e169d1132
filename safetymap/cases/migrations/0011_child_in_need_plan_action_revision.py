from django.db import migrations


class Migration(migrations.Migration):
    """The action's edit counter takes the one name every change form uses (core/revisions.py)."""

    dependencies = [("cases", "0010_child_in_need_plan_actions_and_visits")]

    operations = [
        migrations.RenameField(
            model_name="childinneedplanaction", old_name="version", new_name="revision"
        ),
    ]
