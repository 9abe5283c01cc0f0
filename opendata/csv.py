"""CSV downloads of the API's lists: UTF-8 with a BOM (Excel reads the Japanese), formula-safe."""

from rest_framework.renderers import BaseRenderer

from core.spreadsheets import csv_bytes, csv_cell


def safe_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ";".join(str(item) for item in value)
    return csv_cell(str(value))


def flatten(row: dict, prefix: str = "") -> dict:
    """Nested objects become dotted columns; lists of objects are joined by their identifier."""
    flat = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            flat[name] = ";".join(
                str(next(iter(item.values()))) if len(item) else "" for item in value
            )
        else:
            flat[name] = value
    return flat


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        if isinstance(data, dict):
            data = [data]
        rows = [flatten(row) for row in data or []]
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        return csv_bytes(
            [safe_cell(column) for column in columns],
            ([safe_cell(row.get(column)) for column in columns] for row in rows),
        )
