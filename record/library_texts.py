"""The library's texts: fixtures/library/<slug>.md are the cleaned texts of the documents, and
fixtures/publishing.json carries each one in its publication's `text` (what `seed` loads).

`manage.py library_texts` copies the files into the fixture; `--check` only says whether they
differ (a test runs it, so the two cannot drift apart).
"""

import json
from pathlib import Path

from django.conf import settings

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "publishing.json"
TEXTS = Path(settings.BASE_DIR) / "fixtures" / "library"


def texts_on_disk() -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(TEXTS.glob("*.md"))}


def synced_fixture() -> tuple[list, list[str]]:
    """The fixture's objects with every text from disk, and the slugs whose text changed."""
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    texts = texts_on_disk()
    changed = []
    seen = set()
    for obj in objects:
        if obj["model"] != "record.publication":
            continue
        slug = obj["fields"]["slug"]
        text = texts.get(slug, "")
        seen.add(slug)
        if obj["fields"].get("text", "") != text:
            obj["fields"]["text"] = text
            changed.append(slug)
    missing = sorted(set(texts) - seen)
    if missing:
        raise ValueError(f"texts without a publication in the fixture: {', '.join(missing)}")
    return objects, changed


def write_fixture(objects) -> None:
    FIXTURE.write_text(json.dumps(objects, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
