"""Photo uploads on the PR page: only sound JPEG/PNG/WebP images, re-encoded without metadata."""

import io
import warnings
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from members.images import process_photo
from members.models import MunicipalityKind, PRPage, PRPhoto
from tests.factories import make_member, make_municipality, make_prefecture
from tests.members.images import SVG_WITH_SCRIPT, bomb_bytes, photo_bytes, upload

MB = 1024 * 1024


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def sakai(db):
    fukui = make_prefecture("18", "福井県")
    return make_municipality("坂井市", prefecture=fukui, kind=MunicipalityKind.CITY, code="182109")


@pytest.fixture
def member_client(client, sakai):
    client.force_login(make_member(sakai))
    return client


def edit_url(municipality):
    return reverse("members:pr-edit", kwargs={"code": municipality.code})


def form_data(*photos, existing=()):
    """The PR page form with new photos (file, caption, alt text) in its empty slots."""
    data = {
        "catchphrase": "東尋坊と丸岡城のまち",
        "introduction": "日本海に面したまちです。",
        "tourism": "東尋坊",
        "specialties": "",
        "events": "",
        "website": "",
        "contact": "",
        "photos-INITIAL_FORMS": str(len(existing)),
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "6",
    }
    for index, photo in enumerate(existing):
        data[f"photos-{index}-photo_id"] = str(photo.pk)
        data[f"photos-{index}-caption"] = photo.caption
        data[f"photos-{index}-alt_text"] = photo.alt_text
    for offset, (file, caption, alt_text) in enumerate(photos):
        index = len(existing) + offset
        data[f"photos-{index}-upload"] = file
        data[f"photos-{index}-caption"] = caption
        data[f"photos-{index}-alt_text"] = alt_text
    data["photos-TOTAL_FORMS"] = str(len(existing) + len(photos))
    return data


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def truncated_jpeg() -> bytes:
    whole = photo_bytes((1200, 900))
    return whole[: len(whole) // 2]


REFUSED = [
    pytest.param(
        lambda: upload("photo.jpg", "これは写真ではありません。\n".encode() * 20, "image/jpeg"),
        "JPEG・PNG・WebP形式の画像として読み込めないファイルです",
        id="text-file-named-jpg",
    ),
    pytest.param(
        lambda: upload("empty.jpg", b""),
        "ファイルが空です",
        id="empty-file",
    ),
    pytest.param(
        lambda: upload("cut.jpg", truncated_jpeg()),
        "画像ファイルが壊れているか、途中までしかありません",
        id="truncated-jpeg",
    ),
    pytest.param(
        lambda: upload("huge.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (50 * MB)),
        "ファイルが大きすぎます（50.0\xa0MB）。10MB以下の写真を選んでください",
        id="50-mb-file",
    ),
    pytest.param(
        # 108 megapixels in a few kilobytes: above Pillow's warning threshold.
        lambda: upload("bomb.png", bomb_bytes(12_000, 9_000), "image/png"),
        "画像の画素数が多すぎます",
        id="decompression-bomb",
    ),
    pytest.param(
        # Above twice Pillow's limit, where Pillow itself raises.
        lambda: upload("bigger-bomb.png", bomb_bytes(15_000, 12_000), "image/png"),
        "画像の画素数が多すぎます",
        id="decompression-bomb-over-pillow-limit",
    ),
    pytest.param(
        # Within Pillow's own limit but over the portal's 40 megapixels.
        lambda: upload("45mp.png", bomb_bytes(7_500, 6_000), "image/png"),
        "画像の画素数が多すぎます",
        id="45-megapixels",
    ),
    pytest.param(
        lambda: upload("photo.svg", SVG_WITH_SCRIPT, "image/svg+xml"),
        "JPEG・PNG・WebP形式の画像として読み込めないファイルです",
        id="svg-with-script",
    ),
    pytest.param(
        lambda: upload("photo.png", SVG_WITH_SCRIPT, "image/png"),
        "JPEG・PNG・WebP形式の画像として読み込めないファイルです",
        id="svg-named-png",
    ),
    pytest.param(
        lambda: upload("photo.gif", _gif(), "image/gif"),
        "JPEG・PNG・WebP形式の画像として読み込めないファイルです",
        id="gif",
    ),
]


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    return buffer.getvalue()


@pytest.mark.parametrize("make_file, message", REFUSED)
def test_bad_uploads_are_refused_with_a_clear_error_and_nothing_is_saved(
    member_client, sakai, media, make_file, message
):
    response = member_client.post(
        edit_url(sakai), form_data((make_file(), "東尋坊", "夕日に染まる断崖"))
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "保存されていません" in body
    # The text the member typed is still there for them.
    assert "東尋坊と丸岡城のまち" in body
    assert not PRPage.objects.exists()
    assert not PRPhoto.objects.exists()
    assert stored_files(media) == []


def test_an_accepted_photo_keeps_no_exif_or_gps(member_client, sakai, media):
    original = photo_bytes((2000, 1500), orientation=6)
    source = Image.open(io.BytesIO(original))
    assert source.getexif().get_ifd(0x8825), "the test photo must carry GPS data"

    response = member_client.post(
        edit_url(sakai), form_data((upload("IMG_0001.jpg", original), "東尋坊", "夕日と断崖"))
    )

    assert response.status_code == 302
    photo = PRPhoto.objects.get()
    assert photo.alt_text == "夕日と断崖" and photo.caption == "東尋坊" and photo.position == 1
    for field in (photo.image, photo.thumbnail):
        data = Path(field.path).read_bytes()
        with Image.open(io.BytesIO(data)) as stored:
            assert stored.format == "JPEG"
            assert len(stored.getexif()) == 0
            assert "exif" not in stored.info
        assert b"Exif" not in data and b"TestCamera" not in data and b"GPS" not in data
        assert "IMG_0001" not in field.name  # the original file name is not kept
    # Turned upright by its EXIF orientation (6: rotate 90°), then fitted inside 1600 px.
    assert (photo.width, photo.height) == (1200, 1600)
    with Image.open(photo.thumbnail.path) as thumbnail:
        assert thumbnail.size == (480, 360)
    assert len(stored_files(media)) == 2


def test_png_text_chunks_are_dropped_and_transparency_kept(member_client, sakai, media):
    original = photo_bytes((640, 480), "PNG", mode="RGBA")
    assert b"Hanako" in original
    member_client.post(
        edit_url(sakai), form_data((upload("map.png", original, "image/png"), "", "地図"))
    )
    photo = PRPhoto.objects.get()
    data = Path(photo.image.path).read_bytes()
    assert b"Hanako" not in data and b"TestCamera" not in data
    with Image.open(photo.image.path) as stored:
        assert stored.mode == "RGBA"


def test_webp_is_accepted(member_client, sakai, media):
    response = member_client.post(
        edit_url(sakai),
        form_data((upload("photo.webp", photo_bytes(fmt="WEBP"), "image/webp"), "", "海")),
    )
    assert response.status_code == 302
    photo = PRPhoto.objects.get()
    page = member_client.get(sakai.get_absolute_url()).content.decode()
    assert f'src="{photo.image.url}"' in page or f'src="{photo.thumbnail.url}"' in page
    assert 'alt="海"' in page


def test_a_photo_needs_alternative_text(member_client, sakai, media):
    response = member_client.post(
        edit_url(sakai), form_data((upload("photo.jpg", photo_bytes()), "東尋坊", ""))
    )
    assert "代替テキストを入力してください" in response.content.decode()
    assert not PRPhoto.objects.exists() and stored_files(media) == []


def test_one_bad_photo_among_good_ones_saves_nothing(member_client, sakai, media):
    response = member_client.post(
        edit_url(sakai),
        form_data(
            (upload("a.jpg", photo_bytes()), "", "一枚目"),
            (upload("b.jpg", b"not an image"), "", "二枚目"),
        ),
    )
    assert response.status_code == 200
    assert not PRPhoto.objects.exists() and stored_files(media) == []


def test_at_most_six_photos(member_client, sakai, media):
    for batch in range(2):
        response = member_client.post(
            edit_url(sakai),
            form_data(
                *[
                    (upload(f"{batch}{i}.jpg", photo_bytes()), "", f"写真{batch}{i}")
                    for i in range(3)
                ],
                existing=list(PRPhoto.objects.order_by("position")),
            ),
        )
        assert response.status_code == 302
    assert sorted(PRPhoto.objects.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]
    before = set(stored_files(media))

    page = member_client.get(edit_url(sakai)).content.decode()
    assert "写真は6枚登録済みです" in page
    assert 'name="photos-6-upload"' not in page

    response = member_client.post(
        edit_url(sakai),
        form_data(
            (upload("7.jpg", photo_bytes()), "", "七枚目"),
            existing=list(PRPhoto.objects.order_by("position")),
        ),
    )
    assert response.status_code == 200
    assert "写真は1ページに6枚までです" in response.content.decode()
    assert PRPhoto.objects.count() == 6
    assert set(stored_files(media)) == before


def test_removing_a_photo_frees_its_slot_and_deletes_its_files(
    member_client, sakai, media, django_capture_on_commit_callbacks
):
    member_client.post(
        edit_url(sakai),
        form_data(
            (upload("a.jpg", photo_bytes()), "", "一枚目"),
            (upload("b.jpg", photo_bytes()), "", "二枚目"),
        ),
    )
    first, second = PRPhoto.objects.order_by("position")
    data = form_data(existing=[first, second])
    data["photos-0-DELETE"] = "on"
    data["photos-1-caption"] = "新しいキャプション"
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(edit_url(sakai), data)
    assert response.status_code == 302
    assert list(PRPhoto.objects.values_list("caption", flat=True)) == ["新しいキャプション"]
    assert not Path(first.image.path).exists() and not Path(first.thumbnail.path).exists()
    assert len(stored_files(media)) == 2


def test_bomb_is_refused_whatever_the_warning_filters(db):
    """The refusal does not rely on pytest's filterwarnings=error: warnings ignored, still refused."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValidationError) as refused:
            process_photo(upload("bomb.png", bomb_bytes(12_000, 9_000), "image/png"))
    assert refused.value.code == "too_many_pixels"
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        with pytest.raises(ValidationError):
            process_photo(upload("bomb.png", bomb_bytes(12_000, 9_000), "image/png"))


def test_a_photo_list_changed_meanwhile_is_reported_not_overwritten(member_client, sakai, media):
    member_client.post(edit_url(sakai), form_data((upload("a.jpg", photo_bytes()), "", "一枚目")))
    photo = PRPhoto.objects.get()
    stale = form_data(existing=[photo])
    photo.delete()  # another member removed it in the meantime
    response = member_client.post(edit_url(sakai), stale)
    assert "写真の一覧が変わっています" in response.content.decode()

    member_client.post(edit_url(sakai), form_data((upload("b.jpg", photo_bytes()), "", "二枚目")))
    live = PRPhoto.objects.get()
    twice = form_data(existing=[live, live])  # a tampered form naming one photo twice
    twice["photos-1-DELETE"] = "on"
    response = member_client.post(edit_url(sakai), twice)
    assert "写真の一覧が変わっています" in response.content.decode()
    assert PRPhoto.objects.get() == live
