"""Test images built in memory: photos with EXIF/GPS, broken files, decompression bombs."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageDraw
from PIL.PngImagePlugin import PngInfo


def photo_bytes(size=(800, 600), fmt="JPEG", *, gps=True, orientation=None, mode="RGB") -> bytes:
    """A picture with camera metadata: maker, model, date and (by default) a GPS position."""
    image = Image.new(mode, size, (30, 120, 200) if mode == "RGB" else (30, 120, 200, 128))
    ImageDraw.Draw(image).rectangle([0, 0, size[0] // 4, size[1] // 4], fill=(250, 200, 0))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCamera"
    exif[ExifTags.Base.Model] = "Model X"
    exif[ExifTags.Base.DateTime] = "2024:04:01 10:00:00"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps_ifd[ExifTags.GPS.GPSLatitude] = (36.0, 14.0, 12.0)
        gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "E"
        gps_ifd[ExifTags.GPS.GPSLongitude] = (136.0, 7.0, 30.0)
    buffer = io.BytesIO()
    params = {"exif": exif.tobytes()}
    if fmt == "PNG":
        info = PngInfo()
        info.add_text("Author", "Hanako Sakai, 090-0000-0000")
        params["pnginfo"] = info
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def bomb_bytes(width: int, height: int) -> bytes:
    """A tiny PNG that decodes to width × height pixels (1 bit each, all black)."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)
