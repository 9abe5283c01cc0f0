"""A publication's text (Publication.text) as safe HTML: headings, lists, tables, paragraphs.

The texts are the documents as read from their pages and cleaned by hand, in a small markdown:
- `# `, `## `, `### ` start a heading (rendered one level below the page's own <h1>);
- lines starting with `- ` make a bulleted list;
- lines starting with `|` make a table; `|---|` after the first row makes that row its header;
- `**text**` is bold; other lines are paragraphs, separated by a blank line.
Every character is escaped first (as in the news bodies), so no tag or script gets through.
"""

import re

from django.utils.safestring import SafeString, mark_safe

from .formatting import _inline

_HEADING = re.compile(r"^(#{1,3}) +(.+)$")
_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [cell.strip() for cell in line.split("|")]


def _table(lines: list[str]) -> str:
    head: list[str] = []
    body = lines
    if len(lines) > 1 and _SEPARATOR.match(lines[1].strip()):
        head, body = _cells(lines[0]), lines[2:]
    html = ['<div class="table-wrap"><table class="document-table">']
    if head:
        cells = "".join(f'<th scope="col">{_inline(cell)}</th>' for cell in head)
        html.append(f"<thead><tr>{cells}</tr></thead>")
    html.append("<tbody>")
    for line in body:
        cells = "".join(f"<td>{_inline(cell)}</td>" for cell in _cells(line))
        html.append(f"<tr>{cells}</tr>")
    html.append("</tbody></table></div>")
    return "".join(html)


def _blocks(text: str) -> list[list[str]]:
    """Lines grouped into blocks: a blank line ends one, and so does a change of kind."""
    blocks: list[list[str]] = []
    current: list[str] = []
    kind = None
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            if current:
                blocks.append(current)
            current, kind = [], None
            continue
        line_kind = (
            "heading"
            if _HEADING.match(line)
            else "table"
            if line.startswith("|")
            else "list"
            if line.startswith("- ")
            else "text"
        )
        if current and (line_kind != kind or line_kind == "heading"):
            blocks.append(current)
            current = []
        current.append(line)
        kind = line_kind
    if current:
        blocks.append(current)
    return blocks


def render_document(text: str) -> SafeString:
    html = []
    for lines in _blocks(text):
        first = lines[0]
        heading = _HEADING.match(first)
        if heading:
            level = len(heading.group(1)) + 1
            html.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif first.startswith("|"):
            html.append(_table(lines))
        elif first.startswith("- "):
            items = "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>\n".join(_inline(line) for line in lines) + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308 - every piece is escaped by _inline
