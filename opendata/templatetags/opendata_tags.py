"""{% open_data_licence %}: the record's licence (settings.OPENDATA_LICENCE_*), for the footer."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def open_data_licence() -> str:
    return format_html(
        _("公開記録のライセンス：{licence}（{attribution}）"),
        licence=format_html(
            '<a href="{}" rel="license">{}</a>',
            settings.OPENDATA_LICENCE_URL,
            settings.OPENDATA_LICENCE_NAME,
        ),
        # The default attribution has an English translation; one set by the environment is shown
        # as it is written (gettext returns a string it has no translation for unchanged).
        attribution=_(settings.OPENDATA_ATTRIBUTION),
    )
