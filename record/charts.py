"""Server-rendered SVG chart of the partner counts (the table beside it is its text alternative).

The SVG has no viewBox: its width is the column's (x positions are percentages, each year in the
middle of an equal band), its height is fixed in px (reserved before anything loads), and its text
is never scaled, so a label is as large on a phone as on a desktop. The y labels sit in the SVG's
left padding (static/css/portal.css, `.chart`).

Whether two x labels overlap depends on the width, which the server does not know; so the labels
are decided here for each of a few container widths (TIERS, the same breakpoints as the container
queries in the stylesheet): at each, the labels lie in one line or in two (era / year), and only
every n-th is kept, the smallest n whose labels cannot touch at that tier's narrowest width. Each
<text> carries the classes of the tiers it is shown at. The legend is an HTML list under the plot.
Colours come from the stylesheet's tokens (class per series).
"""

import math
import re
import unicodedata
from dataclasses import dataclass

FONT_SIZE = 14  # px as rendered, at every width
LINE_HEIGHT = 18
PAD_LEFT, PAD_RIGHT = 40, 24  # the SVG's CSS padding: .chart in static/css/portal.css
TOP, PLOT_HEIGHT = 12, 220
LABEL_GAP = 8  # below the plot, above the first line of the labels
LABEL_SPACE = 8  # at least this much between two labels side by side
HEIGHT = TOP + PLOT_HEIGHT + LABEL_GAP + 2 * LINE_HEIGHT + 4
# The narrowest container width (px) of each tier; tier k is `.chart__at-k` in the stylesheet,
# whose container queries use the same widths (20rem, 30rem, 45rem, 60rem).
TIERS = [288, 320, 480, 720, 960]
# Distinguishable without colour too: each series has its own dash pattern.
SERIES_DASHES = ["", "6 3", "2 3", ""]
# 平成27年度 → 平成 / 27年度; 令和元年度 → 令和 / 元年度. Other labels (FY2015) stay in one line.
ERA_SPLIT = re.compile(r"^(\D{2})(\d+年度?|元年度?)$")


@dataclass
class Series:
    label: str
    values: list[int | None]


def _nice_max(value: int) -> int:
    step = 10 ** max(len(str(value)) - 1, 1)
    return ((value // step) + 1) * step


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """A generous estimate of the rendered width: full-width characters take one em, others 0.6."""
    return sum(
        font_size if unicodedata.east_asian_width(ch) in "WF" else font_size * 0.6 for ch in text
    )


def label_lines(label: str) -> list[str]:
    """The label in two lines where it has a natural break (era / year), else in one."""
    match = ERA_SPLIT.match(label)
    return [match.group(1), match.group(2)] if match else [label]


def _tier_layouts(categories: list[str]) -> list[tuple[int, int]]:
    """For each tier: (lines per label, keep every n-th label)."""
    count = max(len(categories), 1)
    one_line = max((text_width(c) for c in categories), default=0) + LABEL_SPACE
    two_lines = (
        max((text_width(line) for c in categories for line in label_lines(c)), default=0)
        + LABEL_SPACE
    )
    layouts = []
    for width in TIERS:
        band = (width - PAD_LEFT - PAD_RIGHT) / count
        flat = math.ceil(one_line / band)
        stacked = math.ceil(two_lines / band)
        # One line unless two lines let more labels show.
        layouts.append((1, flat) if flat <= stacked else (2, stacked))
    return layouts


def line_chart(categories: list[str], series: list[Series]) -> dict:
    """Coordinates for templates/record/includes/_line_chart.svg: x in %, y in px."""
    peak = max((v for s in series for v in s.values if v is not None), default=0)
    top_value = _nice_max(peak) if peak else 10
    count = max(len(categories), 1)
    bottom = TOP + PLOT_HEIGHT

    def x(i: int) -> str:
        return f"{(i + 0.5) / count * 100:.2f}%"

    def y(value: int) -> float:
        return round(bottom - value / top_value * PLOT_HEIGHT, 1)

    lines = []
    for index, (dash, s) in enumerate(zip(SERIES_DASHES, series, strict=False)):
        points = [(x(i), y(v), v) for i, v in enumerate(s.values) if v is not None]
        lines.append(
            {
                "label": s.label,
                "index": index,
                "dash": dash,
                "segments": list(zip(points, points[1:], strict=False)),
                "points": points,
            }
        )

    layouts = _tier_layouts(categories)
    last = len(categories) - 1
    first_line_y = bottom + LABEL_GAP + FONT_SIZE
    labels = []
    for i, category in enumerate(categories):
        for line_count in (1, 2):
            # Counted from the latest year, so the newest label is always shown.
            tiers = [
                tier
                for tier, (lines_at, every) in enumerate(layouts)
                if lines_at == line_count and (last - i) % every == 0
            ]
            if tiers:
                labels.append(
                    {
                        "x": x(i),
                        "lines": label_lines(category) if line_count == 2 else [category],
                        "classes": " ".join(f"chart__at-{t}" for t in tiers),
                    }
                )
    return {
        "height": HEIGHT,
        "bottom": bottom,
        "font_size": FONT_SIZE,
        "label_y": first_line_y,
        "line_height": LINE_HEIGHT,
        "ticks": [
            {"value": round(top_value * i / 5), "y": y(round(top_value * i / 5))} for i in range(6)
        ],
        "labels": labels,
        "lines": lines,
    }
