from search.templatetags.search_tags import excerpt, highlight
from search.terms import highlight_terms, words_of


def test_highlight_marks_every_form_and_escapes_the_rest():
    terms = highlight_terms(words_of("しらぬか"))
    assert str(highlight("シラヌカチョウ<b>", terms)) == "<mark>シラヌカ</mark>チョウ&lt;b&gt;"
    assert (
        str(highlight("Shiranuka-cho", highlight_terms(["shiranuka"])))
        == "<mark>Shiranuka</mark>-cho"
    )


def test_excerpt_shows_the_text_around_the_first_match():
    text = "あ" * 200 + "黄金がに" + "い" * 200
    piece = str(excerpt(text, ["黄金がに"]))
    assert piece.startswith("…") and piece.endswith("…")
    assert "<mark>黄金がに</mark>" in piece
    assert len(piece) < 120


def test_words_are_normalised():
    assert words_of("　ｼﾗﾇｶ  白糠 白糠 ") == ["シラヌカ", "白糠"]
