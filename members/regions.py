"""The eight 地方 by JIS X 0401 prefecture code."""

from .models import Region

_REGION_BY_LAST_CODE = [
    (1, Region.HOKKAIDO),
    (7, Region.TOHOKU),
    (14, Region.KANTO),
    (23, Region.CHUBU),
    (30, Region.KINKI),
    (35, Region.CHUGOKU),
    (39, Region.SHIKOKU),
    (47, Region.KYUSHU),
]


def region_for_prefecture_code(code: str) -> Region:
    number = int(code)
    for last, region in _REGION_BY_LAST_CODE:
        if number <= last:
            return region
    raise ValueError(f"not a prefecture code: {code}")
