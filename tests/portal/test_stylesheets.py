"""The design tokens: colours are defined once, as custom properties at :root in portal.css, and
every other rule uses var(--…). The badges read well: at least 4.5:1 (WCAG AA, as axe-core checks)."""

import re
from pathlib import Path

from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "css"
STYLESHEETS = sorted(CSS.glob("*.css"))
ROOT = re.compile(r":root\s*\{(?P<body>[^}]*)\}")
TOKEN = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")
# Hex colours, colour functions and CSS's named colours (the common ones are enough to catch a slip).
COLOUR_LITERAL = re.compile(
    r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|"
    r":\s*(?:[^;{}]*\s)?(?:white|black|red|green|blue|yellow|orange|gray|grey|silver|maroon|navy)\b"
)


def without_comments(text: str) -> str:
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def tokens() -> dict[str, str]:
    root = ROOT.search(without_comments((CSS / "portal.css").read_text()))
    return {name: value.strip() for name, value in TOKEN.findall(root["body"])}


def rules(selector: str) -> list[dict[str, str]]:
    """The declarations of every rule, in every stylesheet, whose selector list names `selector`."""
    found = []
    for sheet in STYLESHEETS:
        for selectors, body in re.findall(
            r"([^{}]+)\{([^}]*)\}", without_comments(sheet.read_text())
        ):
            if selector in [s.strip() for s in selectors.split(",")]:
                found.append(dict(re.findall(r"([\w-]+)\s*:\s*([^;]+)", body)))
    return found


def resolve(value: str) -> str:
    match = re.fullmatch(r"var\((--[\w-]+)\)", value.strip())
    assert match, f"{value} is not a token"
    return tokens()[match[1]]


def contrast(foreground: str, background: str) -> float:
    def luminance(hex_colour: str) -> float:
        hex_colour = hex_colour.lstrip("#")
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_no_colour_literal_outside_the_token_block():
    for sheet in STYLESHEETS:
        text = without_comments(sheet.read_text())
        if sheet.name == "portal.css":
            assert len(ROOT.findall(text)) == 1, "one token block"
            text = ROOT.sub("", text)
        literals = [m.group(0) for m in COLOUR_LITERAL.finditer(text)]
        assert literals == [], f"{sheet.name}: colours outside :root: {literals}"


def test_every_token_used_is_defined():
    defined = set(tokens())
    for sheet in STYLESHEETS:
        used = set(re.findall(r"var\((--[\w-]+)\)", sheet.read_text()))
        assert used <= defined, f"{sheet.name} uses undefined tokens: {used - defined}"


def test_the_required_badge_is_defined_once_and_readable():
    (badge,) = rules(".required")  # a second definition (the board's) made it red on red
    ratio = contrast(resolve(badge["color"]), resolve(badge["background"]))
    assert ratio >= 4.5, f"必須 badge contrast {ratio:.2f}:1"


def test_every_status_label_is_readable():
    statuses = [
        "open", "coordinating", "realized", "closed",  # proposals
        "pending", "approved", "rejected", "deactivated",  # memberships
        "scheduled", "held", "cancelled", "postponed",  # events
    ]  # fmt: skip
    for status in statuses:
        (label,) = rules(f".status--{status}")
        ratio = contrast(resolve(label["color"]), resolve(label["background"]))
        assert ratio >= 4.5, f"status {status}: {ratio:.2f}:1"
