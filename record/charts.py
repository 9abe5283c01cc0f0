"""Server-rendered SVG chart of the partner counts (the table beside it is its text alternative).

The SVG scales with its viewBox, so whether two labels overlap does not depend on the screen: it is
decided here, once, in the chart's own coordinates. The x labels lie flat when they fit between
two points, are turned when they do not, and only every n-th is kept when even turned ones would
touch. The legend is not drawn in the SVG at all: the template lists it in HTML under the plot,
where it wraps on a narrow screen. Colours come from the stylesheet's tokens (class per series).
"""

import math
import unicodedata
from dataclasses import dataclass

WIDTH, HEIGHT = 520, 320
LEFT, RIGHT, TOP = 48, 20, 12
FONT_SIZE = 13
LABEL_GAP = 8  # below the plot, above the first label's top
ROTATION = 40  # degrees, when the labels do not fit flat
# Distinguishable without colour too: each series has its own dash pattern.
SERIES_DASHES = ["", "6 3", "2 3", ""]


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


def _x_labels(categories: list[str], step_x: float) -> tuple[int, int, float]:
    """(rotation in degrees, keep every n-th label, height the labels need below the plot)."""
    widest = max((text_width(c) for c in categories), default=0)
    if widest + FONT_SIZE * 0.5 <= step_x:
        return 0, 1, FONT_SIZE * 1.5
    angle = math.radians(ROTATION)
    # Turned labels are parallel: the distance between two neighbours is step·sin(angle).
    every = max(1, math.ceil(FONT_SIZE * 1.4 / (step_x * math.sin(angle))))
    height = widest * math.sin(angle) + FONT_SIZE * math.cos(angle) + FONT_SIZE * 0.5
    return ROTATION, every, height


def line_chart(categories: list[str], series: list[Series]) -> dict:
    """Coordinates for templates/record/includes/_line_chart.svg."""
    peak = max((v for s in series for v in s.values if v is not None), default=0)
    top_value = _nice_max(peak) if peak else 10
    plot_w = WIDTH - LEFT - RIGHT
    step_x = plot_w / max(len(categories) - 1, 1)
    rotation, every, label_height = _x_labels(categories, step_x)
    height = HEIGHT if rotation == 0 else HEIGHT + round(label_height - FONT_SIZE * 1.5)
    bottom = height - round(label_height) - LABEL_GAP
    plot_h = bottom - TOP

    def x(i: int) -> float:
        return round(LEFT + i * step_x, 1)

    def y(value: int) -> float:
        return round(TOP + plot_h - value / top_value * plot_h, 1)

    ticks = [round(top_value * i / 5) for i in range(6)]
    lines = []
    for index, (dash, s) in enumerate(zip(SERIES_DASHES, series, strict=False)):
        points = [(x(i), y(v), v) for i, v in enumerate(s.values) if v is not None]
        lines.append(
            {
                "label": s.label,
                "index": index,
                "dash": dash,
                "path": " ".join(f"{px},{py}" for px, py, _ in points),
                "points": points,
            }
        )
    last = len(categories) - 1
    label_y = bottom + LABEL_GAP + (FONT_SIZE if rotation == 0 else 0)
    return {
        "width": WIDTH,
        "height": height,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": bottom,
        "font_size": FONT_SIZE,
        "rotation": rotation,
        "label_y": round(label_y, 1),
        "ticks": [{"value": t, "y": y(t)} for t in ticks],
        # Counted from the latest year, so the newest label is always shown.
        "categories": [
            {"label": c, "x": x(i)} for i, c in enumerate(categories) if (last - i) % every == 0
        ],
        "lines": lines,
    }
