"""PostgreSQL only: a GIN index over the character bigrams of a proposal's text.

Lets two-character Japanese words (観光, 防災) be searched through an index; see bulletin/search.py
for why bigrams rather than pg_trgm (whose index needs three characters). Needs no extension.
On SQLite nothing is created and the search uses `icontains` alone. The index expression must
stay identical to the one ProposalQuerySet.search() filters on (bulletin/search.py).
"""

from django.db import migrations

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION bulletin_bigrams(document text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(substr(document, i, 2), ' ' ORDER BY i), '')
  FROM generate_series(1, char_length(document) - 1) AS i
$$
"""
CREATE_INDEX = """
CREATE INDEX IF NOT EXISTS bulletin_proposal_bigrams ON bulletin_proposal
USING gin ((to_tsvector('simple'::regconfig,
    bulletin_bigrams(title || ' ' || body || ' ' || offer || ' ' || seeking))))
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION)
        schema_editor.execute(CREATE_INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS bulletin_proposal_bigrams")
        schema_editor.execute("DROP FUNCTION IF EXISTS bulletin_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("bulletin", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
