"""A disaster is when networks are poor: the 対策本部 page, a request page and the public record
stay under 30 KB transferred, and need no image, with a busy 対策本部 on them (23 wards, seven
requests, commitments, reports, the 復興支援金).

What is counted, as a first visit with an empty browser cache would transfer it:
- the page itself, as the portal sends it to a browser that accepts gzip (the body as sent,
  gzipped by portal.middleware.CompressionMiddleware or the page cache), plus its status line
  and response headers;
- every stylesheet, script and icon the page links to (<link href>, <script src>), each fetched
  through the test client from WhiteNoise, counted as production serves it: gzipped as WhiteNoise's
  compressor writes the .gz at collectstatic (level 9; the plain file where gzip saves less than
  5 %), plus its status line and response headers.
Not counted: TLS and TCP framing, and the request headers the browser sends. No CSS file loads
a further file (no url(), no @import), and the page has no <img>, <picture>, <iframe>, <video>
or background image: the test checks both, so nothing is left out of the count.
"""

import gzip
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from whitenoise.compress import Compressor

from .busy import busy_headquarters

LIMIT = 30_000
LINKED = re.compile(r'<(?:link|script)\b[^>]*?\b(?:href|src)="(/[^"]+)"')
MEDIA = re.compile(r"<(?:img|picture|iframe|video|object|embed)\b|<image\b", re.IGNORECASE)


def head_bytes(response) -> int:
    status = f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n"
    lines = "".join(f"{name}: {value}\r\n" for name, value in response.headers.items())
    cookies = "".join(f"Set-Cookie: {c.OutputString()}\r\n" for c in response.cookies.values())
    return len((status + lines + cookies + "\r\n").encode())


def served_size(body: bytes) -> int:
    """What WhiteNoise sends a gzip-accepting browser for this static file in production."""
    compressed = Compressor.compress_gzip(body)
    return len(compressed) if len(compressed) <= 0.95 * len(body) else len(body)


def transferred(client, path: str) -> tuple[int, dict]:
    """Bytes a first visit to `path` transfers, and what they are made of."""
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200, path
    assert response["Content-Encoding"] == "gzip", path
    html = gzip.decompress(response.content).decode()
    assert not MEDIA.search(html), f"{path} has an image or embedded frame"
    parts = {path: len(response.content) + head_bytes(response)}
    for asset in dict.fromkeys(LINKED.findall(html)):
        if not asset.startswith("/static/"):
            continue  # links to other pages (alternates, canonical), not loaded by the page
        fetched = client.get(urlsplit(asset).path)
        assert fetched.status_code == 200, asset
        body = b"".join(fetched.streaming_content) if fetched.streaming else fetched.content
        if asset.endswith(".css"):
            text = body.decode()
            assert "url(" not in text and "@import" not in text, f"{asset} loads more files"
        parts[asset] = served_size(body) + head_bytes(fetched)
    return sum(parts.values()), parts


@pytest.fixture
def busy(full_register):
    return busy_headquarters()


@pytest.mark.parametrize("who", ["shinagawa", "wajima_member", "secretariat"])
def test_the_headquarters_and_a_request_page_transfer_under_30_kb(client, busy, who):
    from tests.factories import pass_second_factor

    user = getattr(busy, who)
    if who == "secretariat":
        pass_second_factor(client, user)
    else:
        client.force_login(user)
    for path in [
        busy.disaster.get_absolute_url(),
        busy.nurses.get_absolute_url(),  # commitments, with their long contacts
        busy.water.get_absolute_url(),  # supplies, with the commitment form for a ward
    ]:
        total, parts = transferred(client, path)
        assert total < LIMIT, (path, total, parts)


def test_the_public_record_transfers_under_30_kb(client, busy):
    url = reverse("record:disaster-record", kwargs={"slug": busy.disaster.slug})
    for _ in range(2):  # built, then from the page cache
        total, parts = transferred(client, url)
        assert total < LIMIT, (url, total, parts)
