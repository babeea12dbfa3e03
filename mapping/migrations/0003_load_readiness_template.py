"""Load the readiness self-assessment questions on migrate, so the page works on first run."""

from django.db import migrations


def load(apps, schema_editor):
    from mapping.readiness.template_file import load_template, read_template_file

    name, rows = read_template_file()
    load_template(
        name,
        rows,
        apps.get_model("mapping", "ReadinessTemplate"),
        apps.get_model("mapping", "ReadinessQuestion"),
    )


class Migration(migrations.Migration):
    dependencies = [("mapping", "0002_return_change")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
