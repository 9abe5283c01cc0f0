"""PDFs built byte by byte for the file checks' tests: object streams, bombs, active content."""

import functools
import struct
import zlib


def pdf_with_xref_stream(catalog_extra: bytes, objects: list[bytes], compressed=()) -> bytes:
    """A PDF 1.5 indexed by an xref stream.

    Object 1 is the catalog (with catalog_extra), object 2 the page tree, objects 3… are
    `objects` (plain, numbered in order); `compressed` are (object stream number, index) pairs
    for the objects numbered after those, which live inside object streams among `objects`.
    """
    plain = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        *objects,
    ]
    body, offsets = b"%PDF-1.5\n", []
    for number, obj in enumerate(plain, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj " % number + obj + b" endobj\n"
    xref_number = len(plain) + len(compressed) + 1
    xref_at = len(body)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 1, offset, 0) for offset in offsets]
    rows += [struct.pack(">BIH", 2, stream, index) for stream, index in compressed]
    rows += [struct.pack(">BIH", 1, xref_at, 0)]
    table = zlib.compress(b"".join(rows))
    body += (
        b"%d 0 obj << /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode"
        b" /Length %d >>\nstream\n"
        % (xref_number, xref_number + 1, len(table))
        + table
        + b"\nendstream endobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    )
    return body


def stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    return (
        b"<< /Filter /FlateDecode /Length %d %s>>\nstream\n" % (len(packed), extra)
        + packed
        + b"\nendstream"
    )


@functools.cache
def pdf_bomb(streams: int = 12, inflated: int = 70_000_000) -> bytes:
    """Like the 819 KB PDF that held a worker for 30 s: `streams` compressed object streams of
    `inflated` bytes each, every one holding an object the catalog refers to."""
    first = 3 + streams  # the compressed objects are numbered after the object streams
    objstms = []
    for index in range(streams):
        header = b"%d 0 " % (first + index)
        body = header + b"<< /Index %d >>" % index + b" " * inflated
        objstms.append(stream(body, b"/Type /ObjStm /N 1 /First %d " % len(header)))
    refs = b" ".join(b"%d 0 R" % (first + index) for index in range(streams))
    return pdf_with_xref_stream(
        b"/Parts [" + refs + b"]",
        objstms,
        compressed=[(3 + index, 0) for index in range(streams)],
    )
