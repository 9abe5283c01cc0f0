"""The partner chart decides, per container width, which x labels it shows and in how many lines."""

from record.charts import PAD_LEFT, PAD_RIGHT, TIERS, Series, label_lines, line_chart, text_width

NINE_YEARS = ["平成27年度", "平成28年度", "平成29年度", "平成30年度", "令和元年度"] + [
    f"令和{n}年度" for n in range(2, 6)
]


def shown_at(chart, tier):
    return [label for label in chart["labels"] if f"chart__at-{tier}" in label["classes"].split()]


def test_labels_shown_at_each_width_never_touch_and_the_latest_is_always_there():
    chart = line_chart(NINE_YEARS, [Series("合計", list(range(9)))])
    for tier, width in enumerate(TIERS):
        labels = shown_at(chart, tier)
        assert labels[-1]["x"] == chart["labels"][-1]["x"]  # the newest year
        band = (width - PAD_LEFT - PAD_RIGHT) / len(NINE_YEARS)
        # In px at the tier's narrowest width, from the left of the plot.
        centres = [float(label["x"].rstrip("%")) / 100 * len(NINE_YEARS) * band for label in labels]
        widest = max(text_width(line) for label in labels for line in label["lines"])
        gaps = [b - a for a, b in zip(centres, centres[1:], strict=False)]
        assert all(gap >= widest for gap in gaps), (width, gaps, widest)
    # A phone shows at least five of nine years (in two lines); a desktop shows all nine in one.
    assert len(shown_at(chart, 1)) >= 5
    assert all(len(label["lines"]) == 2 for label in shown_at(chart, 1))
    assert len(shown_at(chart, len(TIERS) - 1)) == 9
    assert all(len(label["lines"]) == 1 for label in shown_at(chart, len(TIERS) - 1))


def test_era_labels_break_between_era_and_year_and_others_stay_whole():
    assert label_lines("平成27年度") == ["平成", "27年度"]
    assert label_lines("令和元年度") == ["令和", "元年度"]
    assert label_lines("FY2015") == ["FY2015"]
