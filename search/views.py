"""/search/: one box in every page's header, results grouped by kind with counts."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from core.pagination import CappedPaginator, page_rows

from .queries import KINDS, KINDS_BY_KEY, Kind
from .terms import highlight_terms, words_of

PREVIEW = 5
PER_PAGE = 20


@dataclass
class Group:
    kind: Kind
    queryset: object
    words: list[str]
    user: object

    @cached_property
    def paginator(self):
        paginator_class = CappedPaginator if self.kind.capped else Paginator
        return paginator_class(self.queryset, PER_PAGE)

    @cached_property
    def _first_rows(self) -> list:
        # Each row carries the number of matches (COUNT(*) OVER (), computed before the LIMIT):
        # the preview's one query gives the count too, however many rows match, so the search
        # costs the same queries at 1× and 10× the data.
        counted = self.queryset.annotate(search_total=Window(Count("*")))
        return list(page_rows(counted, 0, PREVIEW))

    @cached_property
    def count(self) -> int:
        if self.kind.capped:
            return self.paginator.count
        return self._first_rows[0].search_total if self._first_rows else 0

    @cached_property
    def label(self) -> str:
        """The group's name for this user (a partner's member is told what it sees)."""
        return self.kind.label_for(self.user)

    @property
    def is_capped(self) -> bool:
        return getattr(self.paginator, "is_capped", False)

    def rows(self, bottom: int, top: int):
        if self.is_capped:
            # As on the board: a word in more proposals than the cap is found sooner by reading
            # the newest in order than by collecting every match to sort it.
            return list(page_rows(self.kind.in_order(self.words, self.user), bottom, top))
        return list(page_rows(self.queryset, bottom, top))

    @cached_property
    def preview(self) -> list:
        if not self.kind.capped:
            return self._first_rows
        return self.rows(0, PREVIEW) if self.count else []

    def page(self, number):
        page = self.paginator.get_page(number)
        page.object_list = self.rows(page.start_index() - 1, page.end_index()) if self.count else []
        return page


class SearchView(TemplateView):
    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "")
        words = words_of(query)
        groups = []
        if words:
            for kind in KINDS:
                queryset = kind.find(words, self.request.user)
                if queryset is not None:
                    groups.append(Group(kind, queryset, words, self.request.user))
        selected = next((g for g in groups if g.kind.key == self.request.GET.get("kind")), None)
        context = {
            "query": " ".join(words),
            "words": words,
            "terms": highlight_terms(words),
            "groups": groups,
            "selected": selected,
            "total": sum(group.count for group in groups),
            "kinds": KINDS_BY_KEY,
        }
        if selected:
            page = selected.page(self.request.GET.get("page"))
            context |= {"page_obj": page, "is_paginated": page.has_other_pages()}
        return super().get_context_data(**context, **kwargs)
