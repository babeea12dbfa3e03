"""A narrow index covering what a count of the public services matched by filters reads
(PostgreSQL; SQLite ignores INCLUDE): see ``SearchEntry.Meta``."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0020_age_validators"),
        ("waymark_search", "0008_entry_name_places"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["service"],
                include=(
                    "listed",
                    "hide_after",
                    "temporarily_closed",
                    "places",
                    "minimum_age",
                    "maximum_age",
                ),
                name="search_entry_public",
            ),
        ),
    ]
