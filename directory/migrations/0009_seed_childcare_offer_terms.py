"""Seed the "Childcare offer" taxonomy the ORUK API describes childcare offers with."""

from django.db import migrations


def seed(apps, schema_editor):
    from directory.taxonomy import seed_taxonomies

    seed_taxonomies(
        apps.get_model("directory", "Taxonomy"), apps.get_model("directory", "TaxonomyTerm")
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_childcare_offer_and_ofsted_mirror")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
