"""A <select> rendered in Python: Django renders each <option> through a template, which costs
milliseconds for the 47 prefectures or 23 wards on every page of the board."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class QuickSelect(forms.Select):
    """The same markup as forms.Select for flat choices (no option groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        # As format_html_join would write them, without its per-option overhead (a page's
        # filters hold a hundred options).
        options = "".join(
            f'<option value="{conditional_escape(choice)}"'
            f"{' selected' if str(choice) in selected else ''}>{conditional_escape(label)}</option>"
            for choice, label in self.choices
        )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final_attrs),
            mark_safe(options),  # noqa: S308 - every value is escaped above
        )


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, each with its own name: the field's label names the
    fieldset around them, but 「日付:」 and 「時刻:」 are plain text, not labels of the boxes."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(
            context["widget"]["subwidgets"], (_("日付"), _("時刻")), strict=True
        ):
            subwidget["attrs"]["aria-label"] = label
        return context
