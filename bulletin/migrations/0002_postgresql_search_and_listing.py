"""PostgreSQL only: keyword search through a bigram index, and a covering index for the list.

1. A GIN index over the character bigrams of a proposal's text lets two-character Japanese
   words (観光, 防災) be searched through an index; see bulletin/search.py for why bigrams rather
   than pg_trgm (whose index needs three characters). Needs no extension. The index expression
   must stay identical to the one ProposalQuerySet.search() filters on. The function is
   declared expensive (it is, per row) so the planner reaches it through the index.
2. Covering indexes for the board list (newest first, and per municipality), with the columns
   the filters and the visibility rule read, so counting and paging a filtered list is an
   index-only scan instead of reading the (wide) table rows.

On SQLite nothing is done and the search uses `icontains` alone.
"""

from django.db import migrations

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION bulletin_bigrams(document text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
  SELECT coalesce(string_agg(substr(document, i, 2), ' ' ORDER BY i), '')
  FROM generate_series(1, char_length(document) - 1) AS i
$$
"""
CREATE_INDEX = """
CREATE INDEX IF NOT EXISTS bulletin_proposal_bigrams ON bulletin_proposal
USING gin ((to_tsvector('simple'::regconfig,
    bulletin_bigrams(title || ' ' || body || ' ' || offer || ' ' || seeking))))
"""


LISTED_COLUMNS = "is_hidden, municipality_id, status, field, kind, fiscal_year, period_start, any_ward"
CREATE_LISTING_INDEXES = [
    f"""CREATE INDEX IF NOT EXISTS bulletin_proposal_listing ON bulletin_proposal
    (created_at DESC, id DESC) INCLUDE ({LISTED_COLUMNS})""",
    # The same for a prefecture's (or a municipality's) proposals.
    f"""CREATE INDEX IF NOT EXISTS bulletin_proposal_listing_by_municipality ON bulletin_proposal
    (municipality_id, created_at DESC, id DESC) INCLUDE ({LISTED_COLUMNS})""",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION)
        schema_editor.execute(CREATE_INDEX)
        for sql in CREATE_LISTING_INDEXES:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS bulletin_proposal_listing_by_municipality")
        schema_editor.execute("DROP INDEX IF EXISTS bulletin_proposal_listing")
        schema_editor.execute("DROP INDEX IF EXISTS bulletin_proposal_bigrams")
        schema_editor.execute("DROP FUNCTION IF EXISTS bulletin_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("bulletin", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
