"""PostgreSQL: each entry carries a copy of its document's weighted vector, with a GIN index.

A search with words then finds, scores and filters its matches, and reads the columns its
facets count, in one scan of the narrow entry rows, instead of scoring the documents and
joining every public entry to them ("nursery", 24,000 matches of 100,000 services: the join
was ~55 of 140 ms of backend CPU). The copy is kept by triggers, whichever row is written
first: an entry takes its document's vector when inserted (indexing writes the document
first, then a new entry), a document written later passes its vector on, and a document
deleted takes it away (indexing deletes the entries first, so nothing is written twice).
A reindex rewrites both rows, so it rebuilds the copy. SQLite (FTS5) has nothing to copy.
"""

from django.db import migrations

ENTRY = "waymark_search_searchentry"
DOCUMENT = "waymark_search_searchdocument"

POSTGRESQL = [
    f"ALTER TABLE {ENTRY} ADD COLUMN search_vector tsvector",
    f"""UPDATE {ENTRY} e SET search_vector = d.search_vector FROM {DOCUMENT} d
        WHERE d.service_id = e.service_id""",
    f"CREATE INDEX search_entry_vector ON {ENTRY} USING GIN (search_vector)",
    f"""CREATE FUNCTION waymark_search_entry_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_vector := (
                SELECT d.search_vector FROM {DOCUMENT} d WHERE d.service_id = NEW.service_id
            );
            RETURN NEW;
        END $$""",
    f"""CREATE TRIGGER waymark_search_entry_vector BEFORE INSERT ON {ENTRY}
        FOR EACH ROW EXECUTE FUNCTION waymark_search_entry_vector()""",
    f"""CREATE FUNCTION waymark_search_document_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                UPDATE {ENTRY} SET search_vector = NULL
                WHERE service_id = OLD.service_id AND search_vector IS NOT NULL;
            ELSE
                UPDATE {ENTRY} SET search_vector = NEW.search_vector
                WHERE service_id = NEW.service_id
                AND search_vector IS DISTINCT FROM NEW.search_vector;
            END IF;
            RETURN NULL;
        END $$""",
    f"""CREATE TRIGGER waymark_search_document_vector
        AFTER INSERT OR UPDATE OR DELETE ON {DOCUMENT}
        FOR EACH ROW EXECUTE FUNCTION waymark_search_document_vector()""",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS waymark_search_document_vector ON {DOCUMENT}",
    "DROP FUNCTION IF EXISTS waymark_search_document_vector()",
    f"DROP TRIGGER IF EXISTS waymark_search_entry_vector ON {ENTRY}",
    "DROP FUNCTION IF EXISTS waymark_search_entry_vector()",
    "DROP INDEX IF EXISTS search_entry_vector",
    f"ALTER TABLE {ENTRY} DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("waymark_search", "0005_entry_name_words")]

    operations = [migrations.RunPython(_run(POSTGRESQL), _run(POSTGRESQL_REVERSE))]
