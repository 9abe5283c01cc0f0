"""What the API publishes: the public record only, with stable identifiers and ISO dates.

Identifiers are the municipality and prefecture codes and the slugs the pages use; database ids
appear only where a record has no other (timeline entries, corporate agreements). Japanese-era
labels are extra fields beside the ISO dates. Nothing here reads the board, accounts or PR
drafts; tests/opendata/test_privacy.py walks every URL to check it.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import AgreementBody, CorporateAgreement
from bulletin.models import Collaboration, Indicator, ProgressEntry
from core.dates import era_date, fiscal_year_label, fiscal_year_of
from core.sites import site_url
from core.templatetags.japanese_dates import era_datetime
from disaster.models import Disaster, PublishedStaffFigure
from events.models import Event, TouringVenue
from members.models import Municipality, Prefecture
from network.models import Tie
from record.models import (
    PartnerCountSnapshot,
    ProjectCount,
    TimelineEntry,
)
from surveys.models import Survey


class EraDateField(serializers.Field):
    """令和6年3月8日 for a date (令和3年1月 with month precision; the fiscal year when only that is known)."""

    def __init__(self, *, precision_field: str | None = None, **kwargs):
        self.precision_field = precision_field
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        day = super().get_attribute(instance)
        precision = getattr(instance, self.precision_field) if self.precision_field else "day"
        return (day, precision)

    def to_representation(self, value):
        day, precision = value
        if day is None:
            return None
        if precision == "fiscal_year":
            return fiscal_year_label(fiscal_year_of(day))
        return era_date(day, precision=precision)


extend_schema_field(OpenApiTypes.STR)(EraDateField)


class AbsoluteURLField(serializers.Field):
    """The record's page on the portal."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return site_url(instance.get_absolute_url())


extend_schema_field(OpenApiTypes.URI)(AbsoluteURLField)


class PrefectureSerializer(serializers.ModelSerializer):
    region_label = serializers.CharField(source="get_region_display", read_only=True)

    class Meta:
        model = Prefecture
        fields = ["code", "name", "kana", "region", "region_label"]


class MunicipalityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["code", "name"]


class MunicipalitySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    prefecture = serializers.CharField(source="prefecture.code", read_only=True)
    prefecture_name = serializers.CharField(source="prefecture.name", read_only=True)
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)
    is_portal_member = serializers.BooleanField(source="is_member", read_only=True)
    url = AbsoluteURLField()

    class Meta:
        model = Municipality
        fields = [
            "code",
            "name",
            "kana",
            "romaji",
            "kind",
            "kind_label",
            "prefecture",
            "prefecture_name",
            "latitude",
            "longitude",
            "is_portal_member",
            "url",
        ]


class AgreementBodySerializer(serializers.ModelSerializer):
    prefecture = serializers.CharField(source="prefecture.code", read_only=True)
    prefecture_name = serializers.CharField(source="prefecture.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    signed_on_era = EraDateField(source="signed_on")
    member_count = serializers.IntegerField(read_only=True)
    members = serializers.SerializerMethodField()
    url = AbsoluteURLField()

    class Meta:
        model = AgreementBody
        fields = [
            "slug",
            "name",
            "prefecture",
            "prefecture_name",
            "kind",
            "kind_label",
            "signed_on",
            "signed_on_era",
            "member_count",
            "members",
            "url",
        ]

    @extend_schema_field(MunicipalityRefSerializer(many=True))
    def get_members(self, body):
        members = self.context.get("members_by_body", {}).get(body.pk)
        if members is None:
            members = body.members().values("code", "name")
        return [{"code": m["code"], "name": m["name"]} for m in members]


class CorporateAgreementSerializer(serializers.ModelSerializer):
    signed_on_era = EraDateField(source="signed_on")
    initiatives = serializers.ListField(
        source="initiative_list", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = CorporateAgreement
        fields = ["id", "company", "former_name", "signed_on", "signed_on_era", "initiatives"]


class TouringVenueSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(
        source="municipality.code", read_only=True, allow_null=True, default=None
    )
    municipality_name = serializers.CharField(
        source="municipality.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = TouringVenue
        fields = ["venue", "order", "municipality", "municipality_name", "start_date", "end_date"]


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    start_date_era = EraDateField(source="start_date", precision_field="date_precision")
    fiscal_year = serializers.IntegerField(read_only=True)
    fiscal_year_label = serializers.CharField(read_only=True)
    touring_venues = TouringVenueSerializer(many=True, read_only=True)
    participating_bodies = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    participating_municipalities = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    url = AbsoluteURLField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "kind",
            "kind_label",
            "title",
            "theme",
            "ordinal",
            "start_date",
            "end_date",
            "date_precision",
            "start_date_era",
            "fiscal_year",
            "fiscal_year_label",
            "venue",
            "online",
            "status",
            "status_label",
            "summary",
            "touring_venues",
            "participating_bodies",
            "participating_municipalities",
            "url",
        ]


class TimelineEntrySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    date_era = EraDateField(source="date", precision_field="precision")
    # What the entry is about, when it is one of these (most entries are about none).
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    agreement_body = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    corporate_agreement = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    # The public collaborations only, prefetched by the listing (a hidden proposal's is not named).
    collaborations = serializers.SerializerMethodField()
    url = AbsoluteURLField()

    class Meta:
        model = TimelineEntry
        fields = [
            "id",
            "date",
            "sequence",
            "end_date",
            "precision",
            "date_era",
            "organ",
            "kind",
            "kind_label",
            "title",
            "details",
            "event",
            "agreement_body",
            "corporate_agreement",
            "collaborations",
            "url",
        ]

    def get_collaborations(self, entry) -> list[str]:
        return [collaboration.slug for collaboration in entry.linked_collaborations]


class PartnerCountSerializer(serializers.ModelSerializer):
    fiscal_year = serializers.IntegerField(read_only=True)
    fiscal_year_label = serializers.CharField(read_only=True)
    as_of_era = EraDateField(source="as_of")

    class Meta:
        model = PartnerCountSnapshot
        fields = [
            "as_of",
            "as_of_era",
            "fiscal_year",
            "fiscal_year_label",
            "ward_partners",
            "hp_members",
            "agreement_members",
            "total",
            "note",
        ]


class ProjectCountSerializer(serializers.ModelSerializer):
    as_of_era = EraDateField(source="as_of")

    class Meta:
        model = ProjectCount
        fields = [
            "as_of",
            "as_of_era",
            "label",
            "ward_projects",
            "joint_projects",
            "total",
            "note",
        ]


class StaffDispatchSerializer(serializers.ModelSerializer):
    """A cumulative staff figure as a document published it, at its date."""

    staff = serializers.IntegerField(source="persons")

    class Meta:
        model = PublishedStaffFigure
        fields = ["as_of", "staff", "professions", "source"]


class DisasterSupportSerializer(serializers.ModelSerializer):
    """A disaster and the 23 wards' support, each total computed from its records."""

    disaster = serializers.CharField(source="name")
    occurred_on_era = EraDateField(source="occurred_on", precision_field="precision")
    precision = serializers.CharField()
    recipients = serializers.CharField()
    support_kinds = serializers.CharField()
    details = serializers.CharField()
    funds_yen = serializers.IntegerField(source="joint_funds_yen", allow_null=True)
    ward_donations_yen = serializers.IntegerField(allow_null=True)
    staff_dispatched = serializers.IntegerField(
        allow_null=True, help_text="各区が報告した職員派遣の合計（延べ人数）"
    )
    staff_dispatches = StaffDispatchSerializer(
        source="published_staff_figures", many=True, read_only=True
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Disaster
        fields = [
            "disaster",
            "slug",
            "kind",
            "state",
            "occurred_on",
            "precision",
            "occurred_on_era",
            "recipients",
            "support_kinds",
            "funds_yen",
            "ward_donations_yen",
            "staff_dispatched",
            "details",
            "staff_dispatches",
            "url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, disaster) -> str:
        return site_url(reverse("record:disaster-record", kwargs={"slug": disaster.slug}))


class ProgressEntrySerializer(serializers.ModelSerializer):
    date_era = EraDateField(source="date")
    municipality = serializers.CharField(
        source="author_municipality.code",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="記入した自治体のコード（事務局の記入は null）",
    )
    photo = serializers.SerializerMethodField(
        help_text="写真のURL（再エンコード済み。なければ null）"
    )
    event = serializers.SerializerMethodField(help_text="関連するイベントのURL（なければ null）")

    class Meta:
        model = ProgressEntry
        fields = ["date", "date_era", "text", "municipality", "photo", "photo_alt", "event"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_photo(self, entry) -> str | None:
        return site_url(entry.photo.url) if entry.photo else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_event(self, entry) -> str | None:
        return site_url(entry.event.get_absolute_url()) if entry.event_id else None


class IndicatorSerializer(serializers.ModelSerializer):
    direction_label = serializers.CharField(source="get_direction_display", read_only=True)
    met = serializers.BooleanField(
        source="is_met", read_only=True, help_text="実績が目標に達したか（計算値）"
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "direction",
            "direction_label",
            "baseline",
            "baseline_on",
            "target",
            "target_on",
            "actual",
            "actual_on",
            "date_precision",
            "met",
            "source",
        ]


class CollaborationSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    progress_entries = ProgressEntrySerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    field_label = serializers.CharField(source="get_field_display", read_only=True)
    fiscal_year_label = serializers.CharField(read_only=True)
    started_on_era = EraDateField(source="started_on")
    wards = MunicipalityRefSerializer(many=True, read_only=True)
    municipalities = MunicipalityRefSerializer(many=True, read_only=True)
    prefecture = serializers.CharField(source="prefecture.code", read_only=True)
    prefecture_name = serializers.CharField(source="prefecture.name", read_only=True)
    from_board = serializers.SerializerMethodField(
        help_text="掲示板の提案から成立した事業か（提案そのものは会員専用で公開しません）"
    )
    url = AbsoluteURLField()

    class Meta:
        model = Collaboration
        fields = [
            "slug",
            "title",
            "summary",
            "field",
            "field_label",
            "fiscal_year",
            "fiscal_year_label",
            "started_on",
            "started_on_era",
            "state",
            "state_label",
            "ended_on",
            "wards",
            "municipalities",
            "area_name",
            "prefecture",
            "prefecture_name",
            "from_board",
            "url",
            "progress_entries",
            "indicators",
        ]

    def get_from_board(self, collaboration) -> bool:
        return collaboration.proposal_id is not None


class TieSerializer(serializers.ModelSerializer):
    """A tie of the register (交流関係): a ward and its partner municipalities or area. The
    register's notes are the secretariat's and are not published (nor shown on the pages)."""

    ward = serializers.CharField(source="ward.code", read_only=True)
    ward_name = serializers.CharField(source="ward.name", read_only=True)
    kind_label = serializers.CharField(read_only=True)
    municipalities = MunicipalityRefSerializer(many=True, read_only=True)
    body = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    since_era = EraDateField(source="since", precision_field="since_precision", allow_null=True)

    class Meta:
        model = Tie
        fields = [
            "slug",
            "ward",
            "ward_name",
            "kind",
            "kind_label",
            "municipalities",
            "area_name",
            "body",
            "since",
            "since_precision",
            "since_era",
            "source",
        ]


class SurveyCountSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class SurveyNumbersSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    sum = serializers.DecimalField(max_digits=20, decimal_places=2)
    mean = serializers.DecimalField(max_digits=20, decimal_places=2)
    min = serializers.DecimalField(max_digits=20, decimal_places=2)
    max = serializers.DecimalField(max_digits=20, decimal_places=2)


class SurveyQuestionResultSerializer(serializers.Serializer):
    """One question's aggregate: never an answer of a named municipality."""

    question_number = serializers.IntegerField(
        source="question.position", help_text="設問番号（Q7 なら 7）"
    )
    text = serializers.CharField(source="question.text")
    kind = serializers.CharField(source="question.kind")
    total = serializers.IntegerField(help_text="集計した回答数（N）")
    answered = serializers.IntegerField()
    counts = SurveyCountSerializer(source="rows", many=True)
    numbers = serializers.SerializerMethodField(help_text="数値の設問の集計（他の設問は null）")

    @extend_schema_field(SurveyNumbersSerializer(allow_null=True))
    def get_numbers(self, result):
        return SurveyNumbersSerializer(result.numbers).data if result.numbers else None


class SurveyResultSerializer(serializers.ModelSerializer):
    """A published survey: its audience and deadline, the number of answers."""

    audience_label = serializers.CharField(read_only=True)
    response_count = serializers.IntegerField(read_only=True)
    closes_at_era = serializers.SerializerMethodField()
    url = AbsoluteURLField()

    class Meta:
        model = Survey
        fields = [
            "slug",
            "title",
            "description",
            "audience",
            "audience_label",
            "respondent",
            "opens_at",
            "closes_at",
            "closes_at_era",
            "response_count",
            "source_note",
            "url",
        ]

    def get_closes_at_era(self, survey) -> str:
        return era_datetime(survey.closes_at)


class SurveyResultDetailSerializer(SurveyResultSerializer):
    """The published aggregate, question by question (counts and percentages)."""

    questions = serializers.SerializerMethodField()

    class Meta(SurveyResultSerializer.Meta):
        fields = [*SurveyResultSerializer.Meta.fields, "questions"]

    @extend_schema_field(SurveyQuestionResultSerializer(many=True))
    def get_questions(self, survey) -> list:
        from surveys.results import SurveyResults

        return SurveyQuestionResultSerializer(
            SurveyResults(survey).question_results(), many=True
        ).data
