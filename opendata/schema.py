"""The OpenAPI document states every answer an operation can give, errors included.

drf-spectacular documents the `200` of each operation from its serializer. The API also answers
`400` (a filter or page value it cannot use; a NUL or an out-of-range number anywhere in the
address, refused by portal.middleware.BadInputMiddleware), `404` (no such record, a page past
the end, an unknown `?format=`, an address no route matches) and `429` (the rate limit), each
with a JSON body (CSV with `?format=csv` once the view has run); OpenDataAutoSchema adds them, so
a client generated from the document knows them, and tests/opendata/test_api_contract.py holds
the API to them.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}

# A filter's or page parameter's errors by parameter name ({"year": ["…"]}), or one `detail`.
PARAMETER_ERRORS = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

BAD_REQUEST = OpenApiResponse(
    response=PARAMETER_ERRORS,
    description=(
        "絞り込みやページの指定が使えない値です（パラメータ名ごとの理由）。"
        "アドレスに使えない文字（NUL）や大きすぎる数値がある場合は `detail` に理由を示します。"
    ),
)
NOT_FOUND = OpenApiResponse(
    response=DETAIL,
    description=(
        "該当する記録がない、最後のページより後、`?format=` が json・csv 以外、"
        "またはどの資源にも当たらないアドレスです。"
    ),
)
THROTTLED = OpenApiResponse(
    response=DETAIL,
    description="同じアドレスからの要求が上限を超えました（`Retry-After` 秒後に再試行）。",
)


# The errors every operation of the API can answer besides its 200.
ERROR_RESPONSES = {400: BAD_REQUEST, 404: NOT_FOUND, 429: THROTTLED}


class OpenDataAutoSchema(AutoSchema):
    """(A view whose @extend_schema names its responses lists ERROR_RESPONSES there itself.)"""

    def get_response_serializers(self):
        return {200: super().get_response_serializers(), **ERROR_RESPONSES}
