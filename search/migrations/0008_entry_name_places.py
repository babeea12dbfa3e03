"""The entries' name index also covers ``places``: the ORUK API counts the whole directory's
service-at-location links from the index alone (PostgreSQL; SQLite ignores INCLUDE)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0018_schedule_window_index"),
        ("waymark_search", "0007_entry_places"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="searchentry",
            name="search_entry_name",
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["name", "service"],
                include=("listed", "hide_after", "local_authority", "places"),
                name="search_entry_name",
            ),
        ),
    ]
