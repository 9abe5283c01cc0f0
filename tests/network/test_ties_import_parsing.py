"""The ties import reads what the secretariat types: full-width separators, a kind's short name
(refused when it could be several kinds), and shows before importing what it read."""

import io

import pytest
from django.urls import reverse

from network import ties_import
from network.models import Tie, TieKind
from tests.factories import pass_second_factor

HEADER = ["識別子", "区", "相手の自治体", "地域名", "種類", "開始日", "出典", "備考"]


def preview(*rows):
    keys = [ties_import.COLUMNS[h] for h in HEADER]
    return ties_import.preview([dict(zip(keys, row, strict=True)) for row in rows])


def row(partners="坂井市", kind="交流事業", since=""):
    return ["", "品川区", partners, "", kind, since, "", ""]


@pytest.mark.parametrize("separator", ["；", "・", "、", "，", ";", ",", " ・ "])
def test_partners_separated_in_full_or_half_width(places, separator):
    [result] = preview(row(partners=f"坂井市{separator}白糠町"))
    assert result.action == "add", result.reason
    assert result.values["municipalities"] == sorted([places.sakai.pk, places.shiranuka.pk])


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("友好都市", TieKind.FRIENDSHIP),
        ("姉妹都市", TieKind.FRIENDSHIP),
        ("災害", TieKind.DISASTER),
        ("広域連携協定", TieKind.WIDE_AREA),
        ("ｗｉｄｅ＿ａｒｅａ", TieKind.WIDE_AREA),
    ],
)
def test_a_kind_named_in_part_resolves_when_only_one_kind_fits(places, typed, kind):
    [result] = preview(row(kind=typed))
    assert result.action == "add" and result.values["kind"] == kind
    assert result.kind_label == str(kind.label)


def test_an_ambiguous_kind_is_an_error_for_that_row_not_a_guess(places):
    good, ambiguous = preview(row(kind="交流事業"), row(partners="白糠町", kind="協定"))
    assert good.action == "add"
    assert ambiguous.action == "refuse"
    assert "協定" in ambiguous.reason
    assert "災害時相互応援協定" in ambiguous.reason and "広域連携協定" in ambiguous.reason


def csv_upload(rows):
    text = "\n".join(",".join(r) for r in [HEADER, *rows])
    upload = io.BytesIO(("\ufeff" + text).encode("utf-8"))
    upload.name = "ties.csv"
    return upload


def test_the_preview_shows_the_kind_resolved_and_the_date_read_per_row(client, places):
    pass_second_factor(client, places.secretariat)
    url = reverse("admin:network_tie_import")
    upload = csv_upload(
        [
            row(partners="坂井市；白糠町", kind="友好都市", since="2015/11/18"),
            row(partners="白糠町", kind="災害", since="令和2年4月1日"),
        ]
    )
    page = client.post(url, {"file": upload}).content.decode()
    kinds = [cell.split("</td>")[0] for cell in page.split('class="tie-import__kind">')[1:]]
    dates = [cell.split("</td>")[0] for cell in page.split('class="tie-import__since">')[1:]]
    assert "友好都市・姉妹都市" in kinds[0] and "友好都市" in kinds[0]
    assert "災害時相互応援協定" in kinds[1]
    assert '<time datetime="2015-11-18">' in dates[0] and "平成27年" in dates[0]
    assert '<time datetime="2020-04-01">' in dates[1]
    assert "福井県坂井市" in page and "北海道白糠町" in page
    assert not Tie.objects.exists()
    # An ambiguous kind: the row says why, and nothing can be imported.
    page = client.post(url, {"file": csv_upload([row(kind="協定")])}).content.decode()
    assert "どれか決められません" in page and "この内容で取り込む" not in page
