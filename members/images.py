"""Checking and re-encoding uploaded photos.

An upload is accepted only if Pillow opens it as a real JPEG, PNG or WebP image of at most 10 MB and
40 megapixels. It is then decoded in full and encoded again from its pixels alone, so no EXIF, GPS,
XMP or text chunk of the original survives, at a display size and a thumbnail size.
"""

import contextlib
import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from core.limits import LimitExceeded, run_limited

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
DISPLAY_SIZE = (1600, 1600)  # fitted inside, never enlarged
THUMBNAIL_SIZE = (480, 360)  # cropped to 4:3 for an even grid
JPEG_QUALITY = 85

MESSAGES = {
    "empty": _("ファイルが空です（0バイト）。写真のファイルを選び直してください。"),
    "too_large": _("ファイルが大きすぎます（%(size)s）。10MB以下の写真を選んでください。"),
    "not_an_image": _(
        "JPEG・PNG・WebP形式の画像として読み込めないファイルです。写真のファイルを選んでください。"
    ),
    "too_many_pixels": _("画像の画素数が多すぎます。4,000万画素以下の写真を選んでください。"),
    "too_costly": _(
        "画像の読み込みに時間やメモリがかかりすぎます。写真を書き出し直してからお試しください。"
    ),
    "broken": _(
        "画像ファイルが壊れているか、途中までしかありません。元の写真をもう一度書き出してからお試しください。"
    ),
}


@dataclass(frozen=True)
class ProcessedImage:
    display: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def _refuse(code: str, **params):
    raise ValidationError(MESSAGES[code], code=code, params=params or None)


def _open(upload) -> Image.Image:
    """Open and fully decode the upload, refusing anything that is not a sound, modest image."""
    upload.seek(0)
    try:
        # Only these decoders are tried: no other of Pillow's parsers sees the upload.
        image = Image.open(upload, formats=sorted(ACCEPTED_FORMATS))
        width, height = image.size
        # Checked from the header, before any pixel is decoded. This alone refuses every
        # decompression bomb; Pillow's own check (above its higher limit) comes first.
        if width * height > MAX_PIXELS:
            _refuse("too_many_pixels")
        image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        _refuse("too_many_pixels")
    except UnidentifiedImageError:
        _refuse("not_an_image")
    except (OSError, SyntaxError, ValueError, EOFError):
        # Truncated data, corrupt chunks, bad headers.
        _refuse("broken")
    return image


def _upright(image: Image.Image) -> Image.Image:
    """Turn the pixels the way the camera's EXIF orientation says, before EXIF is dropped."""
    try:
        return ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, KeyError, TypeError):
        return image  # unreadable EXIF: keep the pixels as stored


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert to plain RGB or RGBA in sRGB, so dropping the ICC profile keeps the colours."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )
    mode = "RGBA" if has_alpha else "RGB"
    icc = image.info.get("icc_profile")
    if icc and image.mode in {"RGB", "RGBA", "CMYK", "L"}:
        # An unusable profile: fall back to converting the pixels as they are.
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            image = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode=mode,
            )
    return image.convert(mode)


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding nothing but the pixels: no info, EXIF, ICC or text chunks."""
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _encode(image: Image.Image) -> tuple[bytes, str]:
    buffer = io.BytesIO()
    if image.mode == "RGBA":
        image.save(buffer, "PNG", optimize=True)
        return buffer.getvalue(), "png"
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue(), "jpg"


def process_photo(upload) -> ProcessedImage:
    """Validate an uploaded photo and return it re-encoded at display and thumbnail size.

    Raises ValidationError with a message in Japanese saying what is wrong with the file.
    """
    size = upload.size
    if not size:
        _refuse("empty")
    if size > MAX_BYTES:
        _refuse("too_large", size=filesizeformat(size))

    upload.seek(0)
    try:
        display_bytes, thumbnail_bytes, extension, width, height = run_limited(
            _reencode, upload.read()
        )
    except LimitExceeded:
        _refuse("too_costly")
    return ProcessedImage(
        display=ContentFile(display_bytes, name=f"photo.{extension}"),
        thumbnail=ContentFile(thumbnail_bytes, name=f"thumbnail.{extension}"),
        width=width,
        height=height,
    )


def _reencode(data: bytes) -> tuple[bytes, bytes, str, int, int]:
    """Decode and re-encode (run within core.limits: a child process with time and memory limits)."""
    with warnings.catch_warnings():
        # Pillow only *warns* about images between its own pixel limit and twice that: here a
        # decompression bomb is always a refusal, whatever the process's warning filters say.
        # Its other warnings concern metadata (corrupt EXIF and the like) that is dropped anyway.
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = _open(io.BytesIO(data))
        image = _pixels_only(_to_srgb(_upright(image)))

    display = image.copy()
    display.thumbnail(DISPLAY_SIZE, Image.Resampling.LANCZOS)
    thumbnail = ImageOps.fit(image, THUMBNAIL_SIZE, Image.Resampling.LANCZOS)

    display_bytes, extension = _encode(display)
    thumbnail_bytes, _ = _encode(thumbnail)
    return display_bytes, thumbnail_bytes, extension, display.width, display.height
