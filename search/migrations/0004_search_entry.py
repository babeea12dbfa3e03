"""SearchEntry: the narrow, denormalised row the database backend filters and counts facets on.

On PostgreSQL its term lists get a GIN index (category filters). Services already published
are indexed here, so search keeps answering straight after the upgrade.
"""

import django.db.models.deletion
import search.models.entry
from django.db import migrations, models


def _gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX search_entry_terms ON waymark_search_searchentry USING GIN (terms)"
        )


def _drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_terms")


def _index_published(apps, schema_editor):
    """Fill the table for an existing directory (a fresh database has nothing to do)."""
    ids = list(
        apps.get_model("directory", "Service")
        .objects.filter(live=True)
        .values_list("pk", flat=True)
    )
    if ids:
        from search.indexing import index_services

        index_services(ids)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0012_editors_submit_moderators_publish"),
        ("waymark_search", "0003_seed_synonyms"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "service",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="directory.service",
                    ),
                ),
                ("listed", models.BooleanField(help_text="Public, apart from the hide date.")),
                ("hide_after", models.DateField(blank=True, null=True)),
                ("temporarily_closed", models.BooleanField(default=False)),
                ("name", models.TextField()),
                ("updated_at", models.DateTimeField()),
                ("tier", models.CharField(blank=True, max_length=12)),
                ("minimum_age", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("maximum_age", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("is_free", models.BooleanField(default=False)),
                ("send_local_offer", models.BooleanField(default=False)),
                ("self_referral", models.BooleanField(default=False)),
                ("professional_referral", models.BooleanField(default=False)),
                ("in_person", models.BooleanField(default=False)),
                ("online", models.BooleanField(default=False)),
                ("by_phone", models.BooleanField(default=False)),
                ("home_visit", models.BooleanField(default=False)),
                (
                    "funded",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="Bit i: the i-th funded entitlement (directory ENTITLEMENTS).",
                    ),
                ),
                (
                    "weekdays",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="Bit d: open on weekday d (0 = Monday) by some schedule.",
                    ),
                ),
                ("provision_type", models.CharField(blank=True, max_length=10)),
                (
                    "terms",
                    search.models.entry.IntegerListField(
                        default=list, help_text="Its category terms and their parents."
                    ),
                ),
                (
                    "facet_terms",
                    search.models.entry.IntegerListField(
                        default=list,
                        help_text="What its categories count under: each term's parent, else it.",
                    ),
                ),
                (
                    "local_authority",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="directory.localauthority",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["name", "service"],
                        include=["listed", "hide_after", "local_authority"],
                        name="search_entry_name",
                    ),
                    models.Index(
                        fields=["-updated_at", "name", "service"], name="search_entry_updated"
                    ),
                ],
            },
        ),
        migrations.RunPython(_gin_index, _drop_gin_index),
        migrations.RunPython(_index_published, migrations.RunPython.noop),
    ]
