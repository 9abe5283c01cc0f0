"""PostgreSQL only: one-character searches (雪, 蟹) through an index of the text's characters.

The bigram index of migration 0002 cannot answer a one-character word: it has no bigram. This
index holds each distinct letter or digit of a proposal's text once, as a `simple` tsvector,
so 雪 is one GIN lookup instead of a scan of every proposal's text. Like 0002's, the function is
declared expensive so the planner reaches it through the index, and the expression must stay
identical to the one bulletin.search.UnigramMatch filters on.

On SQLite nothing is done and the search uses `icontains` alone.
"""

from django.db import migrations

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION bulletin_unigrams(document text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
  SELECT coalesce(string_agg(DISTINCT substr(document, i, 1), ' '), '')
  FROM generate_series(1, char_length(document)) AS i
$$
"""
CREATE_INDEX = """
CREATE INDEX IF NOT EXISTS bulletin_proposal_unigrams ON bulletin_proposal
USING gin ((to_tsvector('simple'::regconfig,
    bulletin_unigrams(title || ' ' || body || ' ' || offer || ' ' || seeking))))
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION)
        schema_editor.execute(CREATE_INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS bulletin_proposal_unigrams")
        schema_editor.execute("DROP FUNCTION IF EXISTS bulletin_unigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("bulletin", "0007_proposal_open_newest")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
