from django import template

from members.models import Municipality

register = template.Library()


@register.simple_tag
def member_municipality_count() -> int:
    """The live number of 会員登録自治体, counted from the register (one query)."""
    return Municipality.objects.members().count()
