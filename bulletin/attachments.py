"""Attachment checks: a file is what its content says it is, not what its name says.

PDFs must start with the PDF signature and have a trailer whose `startxref` points at a
cross-reference table or stream; their structure is then read with pypdf (chosen over pikepdf: pure
Python, already a dependency), and a PDF with active content anywhere in its object graph is
refused: scripts, Launch, SubmitForm, ImportData, GoToE and GoToR actions, embedded files and
file-attachment annotations, rich media, `javascript:` links and XFA forms with scripts. Names are
compared decoded (`/Java#53cript` is `/JavaScript`) and objects inside compressed object streams
are read too. Every check runs within core.limits' time and memory limits. Images must be
opened by Pillow as a real JPEG, PNG or WebP within the pixel limit; they are decoded completely
(a truncated file fails) and re-encoded, which drops EXIF and GPS data.
"""

import io
import re
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.limits import LimitExceeded, run_limited

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
MAX_PIXELS = 40_000_000

_PDF_HEADER = re.compile(rb"%PDF-(1\.[0-7]|2\.0)")
_PDF_TRAILER = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_PDF_XREF_AT = re.compile(rb"\s*(xref|\d+\s+\d+\s+obj)")
# What a PDF reader would run, send, fetch or open beyond the document itself: actions (/S) that
# run scripts, launch programs, submit or import form data, or open other or embedded files; keys
# that hold scripts (an action's /JS, the /Names /JavaScript tree), embedded files (/EmbeddedFiles,
# a file specification's /EF) and rich media; annotations that carry a file or rich media.
_PDF_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/GoToR",
        "/RichMediaExecute",
    }
)
_PDF_ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/RichMediaContent", "/RichMediaSettings"}
)
_PDF_ACTIVE_SUBTYPES = frozenset({"/FileAttachment", "/RichMedia"})
_SCRIPT_SCHEMES = ("javascript:", "vbscript:")
_XFA_SCRIPT = re.compile(rb"<(?:[\w.-]+:)?script\b", re.IGNORECASE)
_IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    extension: str
    data: bytes


def _error(message, code: str, name: str) -> ValidationError:
    return ValidationError(message, code=code, params={"name": name})


def _too_costly(name: str) -> ValidationError:
    return _error(
        _(
            "「%(name)s」は読み取りに時間やメモリがかかりすぎるため添付できません。"
            "ファイルを保存し直すか、分けてください。"
        ),
        "too_costly",
        name,
    )


def check_pdf(data: bytes, name: str) -> CheckedFile:
    """The PDF checked in a child process within core.limits' time and memory limits."""
    try:
        return run_limited(_check_pdf, data, name)
    except LimitExceeded:
        raise _too_costly(name) from None


def check_image(data: bytes, name: str) -> CheckedFile:
    """The image checked and re-encoded within core.limits' time and memory limits."""
    try:
        return run_limited(_check_image, data, name)
    except LimitExceeded:
        raise _too_costly(name) from None


def _check_pdf(data: bytes, name: str) -> CheckedFile:
    broken = _error(
        _("「%(name)s」はPDFとして読み取れません。壊れていないか確認してください。"),
        "pdf_broken",
        name,
    )
    if not _PDF_HEADER.match(data[:16]):
        raise broken
    trailer = _PDF_TRAILER.search(data[-2048:])
    if trailer is None:
        raise broken
    offset = int(trailer.group(1))
    if offset >= len(data) or not _PDF_XREF_AT.match(data, offset):
        raise broken
    try:
        active = _pdf_has_active_content(data)
    except Exception as exc:  # pypdf raises many kinds on a malformed file; all mean unreadable
        raise broken from exc
    if active:
        raise _error(
            _("「%(name)s」にはスクリプトなどの実行内容が含まれているため添付できません。"),
            "pdf_active_content",
            name,
        )
    return CheckedFile(name=name, content_type="application/pdf", extension="pdf", data=data)


def _pdf_has_active_content(data: bytes) -> bool:
    """Walk every object reachable from the trailer (each once) for a script or launch action.
    (pypdf is imported by the first PDF checked, not by every worker's start.)"""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadWarning
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PdfReadWarning)
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("encrypted with a password: its content cannot be checked")
        seen: set[tuple[int, int]] = set()
        stack = [reader.trailer]
        while stack:
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                key = (obj.idnum, obj.generation)
                if key in seen:
                    continue
                seen.add(key)
                stack.append(obj.get_object())
            elif isinstance(obj, DictionaryObject):  # streams too (their dictionaries)
                if _is_active(obj):
                    return True
                stack.extend(obj.values())
            elif isinstance(obj, ArrayObject):
                stack.extend(obj)
    return False


def _resolved(value):
    from pypdf.generic import IndirectObject

    return value.get_object() if isinstance(value, IndirectObject) else value


def _is_active(obj) -> bool:
    if _PDF_ACTIVE_KEYS & set(obj):
        return True
    action = _resolved(obj.get("/S"))
    if action in _PDF_ACTIVE_ACTIONS or _resolved(obj.get("/Subtype")) in _PDF_ACTIVE_SUBTYPES:
        return True
    if action == "/URI" and _is_script_uri(_resolved(obj.get("/URI"))):
        return True
    return "/XFA" in obj and _xfa_has_script(_resolved(obj["/XFA"]))


def _is_script_uri(uri) -> bool:
    """javascript: however written: readers, like browsers, skip spaces and controls and case."""
    if isinstance(uri, bytes):
        uri = uri.decode("latin-1")
    if not isinstance(uri, str):
        return False
    text = "".join(c for c in uri if c > " " and c != "\x7f").lower()
    return text.startswith(_SCRIPT_SCHEMES)


def _xfa_has_script(xfa) -> bool:
    """An XFA form is one stream or an array of (name, stream) pairs of XML; any <script> counts."""
    from pypdf.generic import ArrayObject, StreamObject

    parts = xfa if isinstance(xfa, ArrayObject) else [xfa]
    for part in parts:
        part = _resolved(part)
        if isinstance(part, StreamObject) and _XFA_SCRIPT.search(part.get_data()):
            return True
    return False


def _check_image(data: bytes, name: str) -> CheckedFile:
    not_an_image = _error(
        _("「%(name)s」はPDF、JPEG、PNG、WebPのいずれでもないため添付できません。"),
        "unsupported",
        name,
    )
    broken = _error(
        _("「%(name)s」は画像として読み取れません。壊れていないか確認してください。"),
        "image_broken",
        name,
    )
    too_big = _error(
        _("「%(name)s」は画素数が多すぎます（4,000万画素まで）。"), "too_many_pixels", name
    )
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse those too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
                probe.verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise too_big from exc
        except UnidentifiedImageError as exc:
            raise not_an_image from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise broken from exc
        if image_format not in _IMAGE_FORMATS:
            raise not_an_image
        if width * height > MAX_PIXELS:
            raise too_big
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # decodes everything: a truncated file fails here
                image = ImageOps.exif_transpose(image)
                output = io.BytesIO()
                if image_format == "JPEG":
                    image.convert("RGB").save(output, "JPEG", quality=90, optimize=True)
                else:
                    image.save(output, image_format)  # no exif= given: metadata is dropped
        except (OSError, SyntaxError, ValueError) as exc:
            raise broken from exc
    content_type, extension = _IMAGE_FORMATS[image_format]
    return CheckedFile(
        name=name, content_type=content_type, extension=extension, data=output.getvalue()
    )


def _with_extension(name: str, extension: str) -> str:
    """report.jpg that is really a PNG is offered for download as report.png."""
    stem, dot, current = name.rpartition(".")
    if dot and current.lower() in {extension, "jpeg" if extension == "jpg" else extension}:
        return name
    return f"{stem if dot else name}.{extension}"


def check_upload(upload) -> CheckedFile:
    """Read an uploaded file and return it checked (images re-encoded), or raise ValidationError."""
    name = (upload.name or "file").rsplit("/", 1)[-1][-200:]
    if upload.size == 0:
        raise _error(_("「%(name)s」は空のファイルです。"), "empty", name)
    if upload.size > MAX_BYTES:
        raise _error(_("「%(name)s」は大きすぎます。1ファイル10MBまでです。"), "too_large", name)
    data = upload.read()
    checked = check_pdf(data, name) if data.startswith(b"%PDF-") else check_image(data, name)
    return CheckedFile(
        name=_with_extension(name, checked.extension),
        content_type=checked.content_type,
        extension=checked.extension,
        data=checked.data,
    )
