"""Small factory helpers: tests build their own data."""

import itertools

from members.models import Municipality, MunicipalityKind, Prefecture, Region
from members.validators import check_digit

_serial = itertools.count(1)


def with_check_digit(first_five: str) -> str:
    return first_five + str(check_digit(first_five))


def make_prefecture(code: str = "01", name: str | None = None, **fields) -> Prefecture:
    prefecture, _ = Prefecture.objects.get_or_create(
        code=code,
        defaults={
            "name": name or f"テスト県{code}",
            "kana": fields.pop("kana", "テストケン"),
            "region": fields.pop("region", Region.HOKKAIDO),
            **fields,
        },
    )
    return prefecture


def make_municipality(
    name: str | None = None,
    *,
    prefecture: Prefecture | None = None,
    kind: str = MunicipalityKind.TOWN,
    kana: str = "テストチョウ",
    **fields,
) -> Municipality:
    prefecture = prefecture or make_prefecture()
    serial = next(_serial)
    code = fields.pop("code", None) or with_check_digit(f"{prefecture.code}{serial:03d}")
    return Municipality.objects.create(
        code=code,
        name=name or f"テスト{serial}町",
        kana=kana,
        kind=kind,
        prefecture=prefecture,
        **fields,
    )
