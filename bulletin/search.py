"""Keyword search over proposals: character bigrams, so two-character Japanese words are indexed.

Japanese has no spaces between words, so a word index does not work, and PostgreSQL's pg_trgm
cannot use its index for a two-character pattern (観光, 防災): a trigram index needs at least
three characters. Instead, PostgreSQL indexes every two-character slice of the proposal's text:
`bulletin_bigrams('観光振興')` is '観光 光振 振興', turned into a `tsvector` with the `simple`
configuration (no stemming, no stop words) and kept in a GIN expression index (migration 0002).
A search for 観光 looks up one bigram; 観光振興 looks up all three. A one-character word (雪, 蟹)
has no bigram: a second GIN index holds each distinct character of the text (`bulletin_unigrams`,
migration 0008), so 雪 is one lookup there. The indexes only narrow the rows; `icontains` on the
columns then gives the exact answer, the same one SQLite gives.
"""

from django.db.models import BooleanField, F, Func, Value

# The proposal's searchable text. BigramMatch must produce the index expression of migration 0002
# (to_tsvector('simple', bulletin_bigrams(title || ' ' || body || …))) for PostgreSQL to use the
# index; tests/bulletin/test_search.py checks the plan on PostgreSQL.
SEARCHED_COLUMNS = ("title", "body", "offer", "seeking")


class BigramMatch(Func):
    """PostgreSQL: the proposal's text holds every bigram of the query (through the GIN index)."""

    output_field = BooleanField()
    # The SQL function whose tsvector the GIN index holds (migration 0002; 0008 for unigrams).
    grams_function = "bulletin_bigrams"

    def __init__(self, query: str):
        super().__init__(*(F(column) for column in SEARCHED_COLUMNS), Value(query))

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        *columns, (query_sql, query_params) = compiled
        document = " || ' ' || ".join(sql for sql, _params in columns)
        params = [param for _sql, column_params in columns for param in column_params]
        sql = (
            f"to_tsvector('simple'::regconfig, {self.grams_function}({document}))"
            f" @@ plainto_tsquery('simple'::regconfig, {query_sql})"
        )
        return sql, (*params, *query_params)


class UnigramMatch(BigramMatch):
    """PostgreSQL: the proposal's text holds every one-character word of the query."""

    grams_function = "bulletin_unigrams"


def bigrams(word: str) -> list[str]:
    """The two-character slices of a word whose characters are letters or digits."""
    return [
        word[i : i + 2] for i in range(len(word) - 1) if word[i].isalnum() and word[i + 1].isalnum()
    ]


def unigram_query(words: list[str]) -> str:
    """The searched words that are one letter or digit (雪, 蟹), for the unigram index."""
    return " ".join(dict.fromkeys(word for word in words if len(word) == 1 and word.isalnum()))


def bigram_query(words: list[str]) -> str:
    """Space-separated bigrams of the searched words, for `plainto_tsquery` (all must match)."""
    seen: dict[str, None] = {}
    for word in words:
        for pair in bigrams(word):
            seen.setdefault(pair, None)
    return " ".join(seen)
