"""The vendor-specific full-text index over SearchDocument (see search/models/document.py).

SQLite: an FTS5 external-content table (porter stemming) kept in step by triggers.
PostgreSQL: a stored, weighted tsvector column with a GIN index, plus pg_trgm for
spelling suggestions over the vocabulary. Other vendors get neither and fall back to LIKE.
"""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE waymark_search_fts USING fts5(
        name, categories, summary, description,
        content='waymark_search_searchdocument', content_rowid='service_id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER waymark_search_fts_ai AFTER INSERT ON waymark_search_searchdocument BEGIN
        INSERT INTO waymark_search_fts(rowid, name, categories, summary, description)
        VALUES (new.service_id, new.name, new.categories, new.summary, new.description);
    END""",
    """CREATE TRIGGER waymark_search_fts_ad AFTER DELETE ON waymark_search_searchdocument BEGIN
        INSERT INTO waymark_search_fts(waymark_search_fts, rowid, name, categories, summary, description)
        VALUES ('delete', old.service_id, old.name, old.categories, old.summary, old.description);
    END""",
    """CREATE TRIGGER waymark_search_fts_au AFTER UPDATE ON waymark_search_searchdocument BEGIN
        INSERT INTO waymark_search_fts(waymark_search_fts, rowid, name, categories, summary, description)
        VALUES ('delete', old.service_id, old.name, old.categories, old.summary, old.description);
        INSERT INTO waymark_search_fts(rowid, name, categories, summary, description)
        VALUES (new.service_id, new.name, new.categories, new.summary, new.description);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS waymark_search_fts_au",
    "DROP TRIGGER IF EXISTS waymark_search_fts_ad",
    "DROP TRIGGER IF EXISTS waymark_search_fts_ai",
    "DROP TABLE IF EXISTS waymark_search_fts",
]

POSTGRESQL = [
    """ALTER TABLE waymark_search_searchdocument ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(categories, '')), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'C')
            || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'D')
        ) STORED""",
    "CREATE INDEX waymark_search_document_vector ON waymark_search_searchdocument USING GIN (search_vector)",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX waymark_search_term_trgm ON waymark_search_searchterm USING GIN (word gin_trgm_ops)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS waymark_search_term_trgm",
    "DROP INDEX IF EXISTS waymark_search_document_vector",
    "ALTER TABLE waymark_search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("waymark_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
