"""Tags every app's templates use: pagination links, JSON-LD, members' plain text with links."""

import json
import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from core.sites import site_url

register = template.Library()

# What Django's json_script escapes (its table is private): no </script> or <!-- inside the block.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def query_replace(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag
def elided_page_range(page_obj):
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


@register.filter
def json_ld(data) -> str:
    """Serialise for a <script type="application/ld+json"> block, safe against </script>."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308


# http(s) URLs up to the first character that cannot be part of one. Japanese text often runs
# straight on after a URL, so only ASCII URL characters are taken.
_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_TRAILING = ".,;:!?'\")]"


def _link(match: re.Match) -> str:
    url = match.group(0)
    tail = ""
    while url and url[-1] in _TRAILING:
        # Keep a closing parenthesis that belongs to the URL (…/Foo_(bar)).
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        tail = url[-1] + tail
        url = url[:-1]
    return format_html('<a href="{0}" rel="nofollow noopener">{0}</a>', url) + escape(tail)


@register.filter
def plain_text(text: str) -> str:
    """Plain text as HTML: everything escaped, URLs made links (nofollow), line breaks kept."""
    if not text:
        return ""
    lines = []
    for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        parts, last = [], 0
        for match in _URL.finditer(line):
            parts.append(escape(line[last : match.start()]))
            parts.append(_link(match))
            last = match.end()
        parts.append(escape(line[last:]))
        lines.append("".join(parts))
    return mark_safe("<br>\n".join(lines))  # noqa: S308 - every piece above is escaped


@register.simple_tag(takes_context=True)
def block_text(context, name: str) -> str:
    """A block of the page being rendered, as plain text: the page's own title and description
    reused for its OGP and Twitter-card tags without repeating them in every template."""
    from django.template.loader_tags import BLOCK_CONTEXT_KEY
    from django.utils.html import strip_tags

    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context else None
    if block is None:
        return ""
    with context.push(block=block):
        return " ".join(strip_tags(block.nodelist.render(context)).split())


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """<link rel="alternate" hreflang> for the page in every language, at the site's own URL."""
    from django.conf import settings

    from core.i18n import path_in_language

    request = context.get("request")
    if request is None:
        return ""
    path = request.get_full_path()
    links = [
        format_html(
            '<link rel="alternate" hreflang="{}" href="{}">',
            code,
            site_url(path_in_language(path, code)),
        )
        for code, _ in settings.LANGUAGES
    ]
    links.append(
        format_html(
            '<link rel="alternate" hreflang="x-default" href="{}">',
            site_url(path_in_language(path, settings.LANGUAGE_CODE)),
        )
    )
    return mark_safe("\n  ".join(links))  # noqa: S308 - each link is built with format_html


@register.simple_tag(name="site_url")
def site_url_tag() -> str:
    """The configured address of the portal (never the request's Host header)."""
    return site_url()


@register.simple_tag
def filter_form(filterset, label) -> str:
    """A list page's filter form (includes/_filter_form.html), kept per stamp where the
    FilterSet allows it (core/filter_forms.py)."""
    from core.filter_forms import render_filter_form

    return render_filter_form(filterset, label)


@register.simple_tag(takes_context=True)
def site_banners(context) -> str:
    """The banners apps registered (core.banners), for the top page and the board."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from core.banners import banners

    request = context.get("request")
    parts = []
    for banner in banners():
        data = banner.context(request)
        if data:
            parts.append(render_to_string(banner.template, data, request=request))
    return mark_safe("".join(parts))  # noqa: S308 - rendered templates, escaped there
