"""Server-rendered SVG chart of the partner counts (the table beside it is its text alternative)."""

from dataclasses import dataclass

WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 56, 40, 16, 56
# DADS-like palette, distinguishable without colour too (dash patterns).
SERIES_STYLE = [
    ("#0017c1", ""),
    ("#197a4b", "6 3"),
    ("#a76a00", "2 3"),
    ("#1a1a1a", ""),
]


@dataclass
class Series:
    label: str
    values: list[int | None]


def _nice_max(value: int) -> int:
    step = 10 ** max(len(str(value)) - 1, 1)
    return ((value // step) + 1) * step


def line_chart(categories: list[str], series: list[Series]) -> dict:
    """Coordinates for templates/record/includes/_line_chart.svg."""
    peak = max((v for s in series for v in s.values if v is not None), default=0)
    top_value = _nice_max(peak) if peak else 10
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step_x = plot_w / max(len(categories) - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + i * step_x, 1)

    def y(value: int) -> float:
        return round(TOP + plot_h - value / top_value * plot_h, 1)

    ticks = [round(top_value * i / 5) for i in range(6)]
    lines = []
    for index, ((colour, dash), s) in enumerate(zip(SERIES_STYLE, series, strict=False)):
        points = [(x(i), y(v), v) for i, v in enumerate(s.values) if v is not None]
        lines.append(
            {
                "label": s.label,
                "colour": colour,
                "dash": dash,
                "path": " ".join(f"{px},{py}" for px, py, _ in points),
                "points": points,
                "legend_x": index * (WIDTH // len(series)),
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": TOP + plot_h,
        "ticks": [{"value": t, "y": y(t)} for t in ticks],
        "categories": [{"label": c, "x": x(i)} for i, c in enumerate(categories)],
        "lines": lines,
        "legend_y": HEIGHT - 12,
    }
