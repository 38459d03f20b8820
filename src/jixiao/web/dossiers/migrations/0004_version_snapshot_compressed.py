"""Versions keep their dossier JSON zlib-compressed (about a tenth of the size)."""

import zlib

from django.db import migrations, models


def compress(apps, schema_editor):  # type: ignore[no-untyped-def]
    Version = apps.get_model("dossiers", "DossierVersion")
    for version in Version.objects.all().iterator():
        version.snapshot = zlib.compress(version.dossier_json.encode("utf-8"), 6)
        version.save(update_fields=["snapshot"])


def decompress(apps, schema_editor):  # type: ignore[no-untyped-def]
    Version = apps.get_model("dossiers", "DossierVersion")
    for version in Version.objects.all().iterator():
        version.dossier_json = zlib.decompress(bytes(version.snapshot)).decode("utf-8")
        version.save(update_fields=["dossier_json"])


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0003_finding_acceptance")]

    operations = [
        migrations.AddField(
            model_name="dossierversion", name="snapshot", field=models.BinaryField(default=b"")
        ),
        migrations.AlterField(
            model_name="dossierversion", name="dossier_json", field=models.TextField(default="")
        ),
        migrations.RunPython(compress, decompress),
        migrations.RemoveField(model_name="dossierversion", name="dossier_json"),
        migrations.AlterField(model_name="dossierversion", name="snapshot", field=models.BinaryField()),
    ]
