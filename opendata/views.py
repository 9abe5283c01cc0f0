"""The open data API (/api/v1/): read-only lists and records of the public record.

django-filter FilterSets are the pages' own, so `?q=`, `?prefecture=`, `?fiscal_year=`… mean what
they mean on the site. Every list is paginated (`?page=`, `?page_size=` up to 500) and is also a
CSV download of the whole filtered list with `?format=csv`.
"""

from django.conf import settings
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements.models import AgreementBody, CorporateAgreement
from bulletin.filters import CollaborationFilter
from bulletin.models import Collaboration
from disaster.public_record import public_disasters
from events.filters import EventFilter
from events.models import Event
from members.filters import MunicipalityFilter
from members.models import Municipality, Prefecture
from network.models import Tie
from record.filters import TimelineFilter
from record.models import PartnerCountSnapshot, ProjectCount, TimelineEntry
from surveys.models import Survey

from . import serializers
from .filters import AgreementBodyFilter, TieFilter
from .http import OpenDataViewMixin, StandardPagination
from .schema import ERROR_RESPONSES

# The events' filters by body (its slug), ward and municipality (their codes) take a string, as
# on the site; their methods receive the chosen row, so the schema is told the type.
for _name in ("body", "ward", "municipality"):
    extend_schema_field(OpenApiTypes.STR)(EventFilter.base_filters[_name])

CSV_NOTE = "`?format=csv` で、絞り込んだ一覧の全件を CSV（UTF-8、BOM 付き）でダウンロードできます。"


class ReadOnlyViewSet(OpenDataViewMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = StandardPagination
    filter_backends = [DjangoFilterBackend]


def described(list_summary: str, detail_summary: str):
    return extend_schema_view(
        list=extend_schema(summary=list_summary, description=CSV_NOTE),
        retrieve=extend_schema(summary=detail_summary),
    )


@described("市区町村の一覧（1,741団体）", "市区町村")
class MunicipalityViewSet(ReadOnlyViewSet):
    queryset = Municipality.objects.for_listing().with_member_flag()
    serializer_class = serializers.MunicipalitySerializer
    filterset_class = MunicipalityFilter
    lookup_field = "code"


@described("都道府県の一覧", "都道府県")
class PrefectureViewSet(ReadOnlyViewSet):
    queryset = Prefecture.objects.order_by("code")
    serializer_class = serializers.PrefectureSerializer
    lookup_field = "code"


@described("広域連携協定締結団体の一覧（構成自治体は台帳から導出）", "広域連携協定締結団体")
class AgreementBodyViewSet(ReadOnlyViewSet):
    queryset = AgreementBody.objects.with_member_count()
    serializer_class = serializers.AgreementBodySerializer
    filterset_class = AgreementBodyFilter
    lookup_field = "slug"


@described("民間企業との包括連携協定の一覧", "民間企業との包括連携協定")
class CorporateAgreementViewSet(ReadOnlyViewSet):
    queryset = CorporateAgreement.objects.order_by("signed_on", "pk")
    serializer_class = serializers.CorporateAgreementSerializer


@described("イベント・展示の一覧（巡回展示の会場を含む）", "イベント・展示")
class EventViewSet(ReadOnlyViewSet):
    queryset = Event.objects.for_listing().prefetch_related(
        "touring_venues__municipality", "participating_bodies", "participating_municipalities"
    )
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter
    lookup_field = "slug"


@described("これまでの経過（年表）", "年表の項目")
class TimelineViewSet(ReadOnlyViewSet):
    queryset = TimelineEntry.objects.for_listing()
    serializer_class = serializers.TimelineEntrySerializer
    filterset_class = TimelineFilter


@described("連携自治体数（年度ごとの公表値）", "連携自治体数")
class PartnerCountViewSet(ReadOnlyViewSet):
    queryset = PartnerCountSnapshot.objects.order_by("as_of")
    serializer_class = serializers.PartnerCountSerializer
    lookup_field = "as_of"
    lookup_value_regex = r"\d{4}-\d{2}-\d{2}"


@described("連携事業数（公表値）", "連携事業数")
class ProjectCountViewSet(ReadOnlyViewSet):
    queryset = ProjectCount.objects.order_by("as_of")
    serializer_class = serializers.ProjectCountSerializer
    lookup_field = "as_of"
    lookup_value_regex = r"\d{4}-\d{2}-\d{2}"


@described("災害支援の一覧", "災害支援")
class DisasterSupportViewSet(ReadOnlyViewSet):
    queryset = public_disasters().prefetch_related("published_staff_figures")
    serializer_class = serializers.DisasterSupportSerializer
    lookup_field = "slug"


@described("連携事業の一覧", "連携事業")
class CollaborationViewSet(ReadOnlyViewSet):
    queryset = Collaboration.objects.public().for_listing().with_results()
    serializer_class = serializers.CollaborationSerializer
    filterset_class = CollaborationFilter
    lookup_field = "slug"


@described("交流関係の一覧（ポータルに記録された区と自治体の交流。公表値の一部）", "交流関係")
class TieViewSet(ReadOnlyViewSet):
    queryset = Tie.objects.active().public().for_listing()
    serializer_class = serializers.TieSerializer
    filterset_class = TieFilter
    lookup_field = "slug"


@described(
    "アンケート結果の一覧（公開された集計のみ）",
    "アンケート結果（設問ごとの回答数と割合。個々の自治体の回答は含みません）",
)
class SurveyResultViewSet(ReadOnlyViewSet):
    queryset = Survey.objects.published().for_listing().with_response_count()
    serializer_class = serializers.SurveyResultSerializer
    lookup_field = "slug"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.SurveyResultDetailSerializer
        return serializers.SurveyResultSerializer


# (URL prefix, viewset, basename): also the API root's list of resources.
RESOURCES = [
    ("municipalities", MunicipalityViewSet, "municipality"),
    ("prefectures", PrefectureViewSet, "prefecture"),
    ("agreement-bodies", AgreementBodyViewSet, "agreement-body"),
    ("corporate-agreements", CorporateAgreementViewSet, "corporate-agreement"),
    ("events", EventViewSet, "event"),
    ("timeline", TimelineViewSet, "timeline-entry"),
    ("partner-counts", PartnerCountViewSet, "partner-count"),
    ("project-counts", ProjectCountViewSet, "project-count"),
    ("disaster-support", DisasterSupportViewSet, "disaster-support"),
    ("collaborations", CollaborationViewSet, "collaboration"),
    ("ties", TieViewSet, "tie"),
    ("survey-results", SurveyResultViewSet, "survey-result"),
]


def licence() -> dict:
    return {"name": settings.OPENDATA_LICENCE_NAME, "url": settings.OPENDATA_LICENCE_URL}


class APIRootView(OpenDataViewMixin, APIView):
    """The list of resources, the licence and where the documentation is."""

    @extend_schema(
        summary="APIの入口（資源の一覧・ライセンス）",
        responses={200: OpenApiTypes.OBJECT, **ERROR_RESPONSES},
    )
    def get(self, request):
        def absolute(name):
            return request.build_absolute_uri(reverse(f"opendata:{name}"))

        return Response(
            {
                "title": "全国連携ポータル オープンデータAPI",
                "licence": licence(),
                "attribution": settings.OPENDATA_ATTRIBUTION,
                "schema": absolute("schema"),
                "documentation": absolute("docs"),
                "resources": {
                    prefix: {
                        "url": absolute(f"{basename}-list"),
                        "csv": absolute(f"{basename}-list") + "?format=csv",
                    }
                    for prefix, _viewset, basename in RESOURCES
                },
            }
        )


class SchemaView(OpenDataViewMixin, SpectacularAPIView):
    pass


class DocumentationView(OpenDataViewMixin, SpectacularSwaggerSplitView):
    """Swagger UI, its scripts and styles from drf-spectacular-sidecar's static files; its set-up
    script is served as a file of its own (the split view), as the Content-Security-Policy allows
    no inline script."""

    url_name = "opendata:schema"
    template_name = "opendata/documentation.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["licence"] = licence()
        return response
