"""Acceptances join on the finding's identity: the dossier path of its element and its key.

Acceptances keyed by the finding's path and key (issues #10, #13); it follows 0004 (a migration's name does not order it,
its dependencies do). Existing acceptances keep an empty path and still match by code and location.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0004_version_snapshot_compressed")]

    operations = [
        migrations.AddField(
            model_name="findingacceptance",
            name="path",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="路径"),
        ),
        migrations.AddField(
            model_name="findingacceptance",
            name="key",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="区分"),
        ),
        migrations.RemoveConstraint(model_name="findingacceptance", name="acceptance_unique_finding"),
        migrations.AddConstraint(
            model_name="findingacceptance",
            constraint=models.UniqueConstraint(
                fields=("record", "code", "location", "path", "key"), name="acceptance_unique_finding"
            ),
        ),
    ]
