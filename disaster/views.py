"""The 対策本部 pages: thin views over disaster/services.py and the QuerySets."""

from django.views.generic import DetailView

from bulletin.views.mixins import BoardAccessMixin

from .models import Disaster


class DisasterDetailView(BoardAccessMixin, DetailView):
    """The 対策本部 page: approved members and the secretariat."""

    queryset = Disaster.objects.prefetch_related("prefectures", "municipalities__prefecture")
    template_name = "disaster/disaster_detail.html"
