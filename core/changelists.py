"""The admin's changelists answer a year no date can hold with their error notice, not a 500."""

import datetime

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class SafeChangeList(ChangeList):
    def get_filters(self, request):
        if self.date_hierarchy:
            # Django checks that the first day exists, not the end of the span or time zones:
            # year 9999 has no next year, and year 1 in Tokyo begins in year 0 in UTC.
            value = request.GET.get(f"{self.date_hierarchy}__year", "")
            year = int(value) if value.strip().isdecimal() else None
            if year is not None and not datetime.MINYEAR < year < datetime.MAXYEAR:
                raise IncorrectLookupParameters(f"Year {year} is out of range")
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class SafeChangeListMixin:
    """For every ModelAdmin of the portal (the fuzz test opens each changelist)."""

    def get_changelist(self, request, **kwargs):
        return SafeChangeList
