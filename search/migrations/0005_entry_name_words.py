"""PostgreSQL: a GIN index over the words of each entry's name, for search-box suggestions.

Suggestions match the start of any word of a service's name. Read from the weighted vector
(``'nur':*A``), every prefix match must be fetched from the wide document table to check its
weight; the name's own vector answers from the index and the narrow entry row.
"""

from django.db import migrations

NAME_WORDS = "to_tsvector('english'::regconfig, name)"


def _create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX search_entry_name_words ON waymark_search_searchentry "
            f"USING GIN (({NAME_WORDS}))"
        )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_name_words")


class Migration(migrations.Migration):
    dependencies = [("waymark_search", "0004_search_entry")]

    operations = [migrations.RunPython(_create, _drop)]
