from django.views.generic import DetailView
from django_filters.views import FilterView

from .filters import MunicipalityFilter
from .models import Municipality


class MunicipalityListView(FilterView):
    filterset_class = MunicipalityFilter
    queryset = Municipality.objects.for_listing()
    paginate_by = 50
    template_name = "members/municipality_list.html"


class MunicipalityDetailView(DetailView):
    queryset = Municipality.objects.select_related("prefecture")
    slug_field = "code"
    slug_url_kwarg = "code"
