"""The municipality register: prefectures and the 1,741 municipalities (the 23 wards included)."""

import unicodedata

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Concat, Lower, Replace
from django.utils.translation import gettext_lazy as _

from core.dates import is_japanese
from core.links import reverse_row, reverse_rows

from ..kana import to_katakana
from ..validators import validate_local_government_code


class Region(models.TextChoices):
    HOKKAIDO = "hokkaido", _("北海道地方")
    TOHOKU = "tohoku", _("東北地方")
    KANTO = "kanto", _("関東地方")
    CHUBU = "chubu", _("中部地方")
    KINKI = "kinki", _("近畿地方")
    CHUGOKU = "chugoku", _("中国地方")
    SHIKOKU = "shikoku", _("四国地方")
    KYUSHU = "kyushu", _("九州・沖縄地方")


class PrefectureManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Prefecture(models.Model):
    code = models.CharField(
        _("都道府県コード"), max_length=2, unique=True, help_text=_("JIS X 0401 の2桁のコード")
    )
    name = models.CharField(_("名称"), max_length=10, unique=True)
    kana = models.CharField(_("よみがな（カタカナ）"), max_length=20)
    name_en = models.CharField(
        _("英語名"),
        max_length=20,
        blank=True,
        help_text=_("英語のページに表示します（例：Hokkaido）"),
    )
    region = models.CharField(_("地方"), max_length=10, choices=Region.choices)

    objects = PrefectureManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("都道府県")
        verbose_name_plural = _("都道府県")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^(0[1-9]|[1-3][0-9]|4[0-7])$"),
                name="prefecture_code_01_to_47",
            )
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    @property
    def display_name(self) -> str:
        """北海道 on Japanese pages, Hokkaido on English pages (the Japanese name if none)."""
        return self.name if is_japanese() else (self.name_en or self.name)


class MunicipalityKind(models.TextChoices):
    CITY = "city", _("市")
    TOWN = "town", _("町")
    VILLAGE = "village", _("村")
    SPECIAL_WARD = "ward", _("特別区")


class MunicipalityQuerySet(models.QuerySet):
    def cities(self):
        return self.filter(kind=MunicipalityKind.CITY)

    def towns(self):
        return self.filter(kind=MunicipalityKind.TOWN)

    def villages(self):
        return self.filter(kind=MunicipalityKind.VILLAGE)

    def special_wards(self):
        return self.filter(kind=MunicipalityKind.SPECIAL_WARD)

    def in_prefecture(self, prefecture):
        return self.filter(prefecture=prefecture)

    def for_links(self):
        """Only what a link to each one's page needs (code and names), for lists of hundreds."""
        return self.select_related(None).only("code", "name", "romaji")

    def links(self) -> list[tuple[str, str]]:
        """(URL of the page, display name) of each, for a list of links (a body's 129 members):
        plain values, with the URL and the language resolved once for the list."""
        rows = list(self.values_list("code", "name", "romaji"))
        urls = reverse_rows("members:municipality-detail", "code", [row[0] for row in rows])
        japanese = is_japanese()
        # As Municipality.display_name.
        return [
            (url, name if japanese else romaji or name)
            for url, (_code, name, romaji) in zip(urls, rows, strict=True)
        ]

    def matching(self, keyword: str):
        """Name, kana (typed in hiragana, katakana or half-width), romanised name or code
        containing the keyword (romanised: case and hyphens ignored, so `shiranuka` or
        `Shiranuka-cho`)."""
        keyword = keyword.strip()
        if not keyword:
            return self
        query = (
            Q(name__contains=keyword)
            | Q(kana__contains=to_katakana(keyword))
            | Q(code__startswith=keyword)
        )
        latin = unicodedata.normalize("NFKC", keyword).replace("-", "").replace(" ", "")
        if latin.isascii() and latin.isalpha():
            query |= Q(romaji_key__contains=latin.lower())
        return self.alias(romaji_key=Lower(Replace("romaji", Value("-"), Value("")))).filter(query)

    def for_listing(self):
        return self.select_related("prefecture").order_by("code")

    def _with_full_name(self):
        return self.annotate(full_name_text=Concat("prefecture__name", "name"))

    def suggest(self, keyword: str):
        """Suggestions as someone types: full name (福井県坂井…), reading or code, by code."""
        keyword = "".join(unicodedata.normalize("NFKC", keyword).split())
        if not keyword:
            return self.none()
        return (
            self._with_full_name()
            .filter(
                Q(full_name_text__contains=keyword)
                | Q(kana__contains=to_katakana(keyword))
                | Q(code__startswith=keyword)
            )
            .select_related("prefecture")
            .order_by("code")
        )

    def named(self, text: str):
        """The municipalities a typed name means: 「東京都品川区」, 「品川区」 or 「131091」.

        A bare name can match several (府中市 is in Tokyo and in Hiroshima).
        """
        text = "".join(unicodedata.normalize("NFKC", text).split())
        if not text:
            return self.none()
        return (
            self._with_full_name()
            .filter(Q(full_name_text=text) | Q(name=text) | Q(code=text))
            .select_related("prefecture")
            .order_by("code")
        )

    def members(self):
        """会員登録自治体: municipalities whose first staff member has been approved."""
        return self.filter(member_record__isnull=False)

    def with_member_flag(self):
        """Annotate `is_member` (one subquery, whatever the number of rows)."""
        from .accounts import MemberMunicipality

        return self.annotate(
            is_member=Exists(MemberMunicipality.objects.filter(municipality=OuterRef("pk")))
        )

    def with_pr_page(self):
        """Municipalities that have a PR page, with the page and its photos fetched in bulk."""
        from .pr import PRPhoto

        return (
            self.filter(pr_page__isnull=False)
            .select_related("prefecture", "pr_page")
            .prefetch_related(
                Prefetch("pr_page__photos", queryset=PRPhoto.objects.order_by("position"))
            )
        )


class MunicipalityManager(models.Manager.from_queryset(MunicipalityQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Municipality(models.Model):
    code = models.CharField(
        _("全国地方公共団体コード"),
        max_length=6,
        unique=True,
        validators=[validate_local_government_code],
        help_text=_("検査数字を含む6桁（JIS X 0402）"),
    )
    name = models.CharField(_("名称"), max_length=20)
    kana = models.CharField(_("よみがな（カタカナ）"), max_length=40)
    romaji = models.CharField(
        _("ローマ字表記"),
        max_length=60,
        blank=True,
        help_text=_(
            "よみがなからヘボン式で作成（例：Shiranuka-cho）。台帳の作成時に計算されます。"
        ),
    )
    kind = models.CharField(_("種別"), max_length=10, choices=MunicipalityKind.choices)
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("都道府県"),
    )
    latitude = models.DecimalField(_("緯度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("経度"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    objects = MunicipalityManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("市区町村")
        verbose_name_plural = _("市区町村")
        constraints = [
            models.UniqueConstraint(fields=["prefecture", "name"], name="municipality_unique_name"),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}$"), name="municipality_code_six_digits"
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    natural_key.dependencies = ["members.prefecture"]

    def get_absolute_url(self):
        # Lists link hundreds of municipalities (a body's members, a prefecture's towns).
        return reverse_row("members:municipality-detail", code=self.code)

    @property
    def full_name(self) -> str:
        return f"{self.prefecture.name}{self.name}"

    @property
    def display_name(self) -> str:
        """坂井市 on Japanese pages; on English pages the romanised name (Sakai-shi, from the
        register's kana), or the Japanese name where there is none."""
        if is_japanese():
            return self.name
        return self.romaji or self.name

    @property
    def full_display_name(self) -> str:
        """福井県坂井市 on Japanese pages, Sakai, Fukui on English pages."""
        if is_japanese():
            return self.full_name
        return f"{self.display_name}, {self.prefecture.display_name}"

    @property
    def is_special_ward(self) -> bool:
        return self.kind == MunicipalityKind.SPECIAL_WARD
