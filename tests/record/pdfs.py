"""Small well-formed PDFs built in memory."""


def pdf_with_pages(pages: int = 3, extra: bytes = b"") -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(pages))
    objects = [
        b"1 0 obj << /Type /Catalog /Pages 2 0 R " + extra + b">> endobj\n",
        b"2 0 obj << /Type /Pages /Kids [" + kids + b"] /Count %d >> endobj\n" % pages,
    ] + [b"%d 0 obj << /Type /Page /Parent 2 0 R >> endobj\n" % (3 + n) for n in range(pages)]
    body = b"%PDF-1.7\n"
    offsets = []
    for obj in objects:
        offsets.append(len(body))
        body += obj
    xref_at = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    return body
