"""The secretariat's news text as safe HTML: a few plain-text conventions, nothing else.

Paragraphs are separated by a blank line; a line starting with "## " is a heading, lines
starting with "- " or "・" a bulleted list, **text** is bold, http(s) URLs become links. Every
character the secretariat types is escaped first, so no tag, attribute or script gets through.
"""

import re

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core.templatetags.core_tags import plain_text

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BULLET = re.compile(r"^(?:- |・)")


def _inline(text: str) -> str:
    # plain_text escapes everything and links URLs; bold is applied to the escaped text.
    return _BOLD.sub(r"<strong>\1</strong>", str(plain_text(text)))


def render_news_body(text: str) -> SafeString:
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").replace("\r", "\n").strip())
    html = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and lines[0].startswith("## "):
            html.append(format_html("<h2>{}</h2>", mark_safe(_inline(lines[0][3:]))))  # noqa: S308
        elif all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_BULLET.sub('', line))}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>\n".join(_inline(line) for line in lines) + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308 - every piece is escaped by plain_text
