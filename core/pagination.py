"""Pagination for long lists: stop counting at a cap, and read a page's rows by id.

Beyond a thousand matches the exact number is not worth scanning every matching row on each page
view. A queryset with a `page_of(bottom, top)` method picks the page's ids first (PostgreSQL
reads them from the covering listing index without touching the wide table rows) and then reads
only those rows in full.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


def page_rows(queryset, bottom: int, top: int):
    page_of = getattr(queryset, "page_of", None)
    return page_of(bottom, top) if page_of else queryset[bottom:top]


class CappedPaginator(Paginator):
    cap = 1000

    @cached_property
    def _counted(self) -> int:
        # COUNT(*) over an unordered LIMIT subquery: reads at most cap + 1 rows.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def is_capped(self) -> bool:
        """More rows than the cap: only the newest `cap` can be paged through."""
        return self._counted > self.cap

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(page_rows(self.object_list, bottom, top), number, self)
