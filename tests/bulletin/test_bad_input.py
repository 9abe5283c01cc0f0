"""Hostile input on the board: form errors instead of 500s, mail subjects on one line,
the lengths the form promises, scripts in PDFs under any spelling, formulas kept as text."""

import csv
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from bulletin import outbox
from bulletin.models import Proposal, ProposalAttachment, ProposalStatus
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.replies import hand_raise, reply_post
from members import outbox as mail_outbox
from members.models import OutgoingEmail

from .conftest import post_proposal
from .test_attachments import minimal_pdf
from .test_collaborations import make_collaboration


def form_data(**overrides):
    data = {
        "title": "黄金がにのPRイベントを一緒に",
        "field": "tourism",
        "kind": "event",
        "body": "坂井市の黄金がにを水族館でPRしたいと考えています。",
        "offer": "黄金がにの展示と試食",
        "seeking": "会場と来場者への告知",
        "any_ward": "True",
        "fiscal_year": "2025",
    }
    data.update(overrides)
    return data


@pytest.fixture
def web(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "editing, field, value",
    [
        (False, "wards", "99999999999999999999"),
        (True, "wards", "99999999999999999999"),
        (False, "wards", "-99999999999999999999"),
        (False, "wards", "\x00"),
        (True, "remove_attachments", "99999999999999999999"),
    ],
)
def test_ids_no_row_can_have_are_a_form_error(web, board, proposal, editing, field, value):
    web.force_login(board.proposer)
    url = (
        reverse("bulletin:proposal-update", args=[proposal.pk])
        if editing
        else reverse("bulletin:proposal-create")
    )
    response = web.post(url, form_data(any_ward="False", **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Proposal.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.any_ward  # the edit was not half-saved


@pytest.mark.parametrize(
    "field, length, limit",
    [("offer", 120_000, 4000), ("seeking", 4001, 4000), ("body", 10_001, 10_000)],
)
def test_every_promised_length_is_enforced(web, board, field, length, limit):
    web.force_login(board.proposer)
    response = web.post(reverse("bulletin:proposal-create"), form_data(**{field: "あ" * length}))
    assert response.status_code == 200
    assert f"{limit} 文字以下" in str(response.context["form"].errors[field])
    assert not Proposal.objects.exists()
    ok = web.post(reverse("bulletin:proposal-create"), form_data(**{field: "あ" * limit}))
    assert ok.status_code == 302
    # The service refuses it too (the admin, commands and any other caller go through it).
    with pytest.raises(ValidationError):
        post_proposal(board.proposer, **{field: "あ" * length})


def test_a_title_with_a_line_break_is_one_line_and_its_mails_go_out(
    web, board, django_capture_on_commit_callbacks, run_fanout
):
    web.force_login(board.proposer)
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post(
            reverse("bulletin:proposal-create"),
            form_data(title="黄金がにのPR\r\nBcc: everyone@example.jp"),
        )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.title == "黄金がにのPR Bcc: everyone@example.jp"
    with django_capture_on_commit_callbacks(execute=True):
        hand_raise(proposal=proposal, user=board.ward)
        reply_post(proposal=proposal, author=board.ward, body="品川区です。")
        proposal_change_status(
            proposal=proposal, user=board.proposer, to_status=ProposalStatus.COORDINATING
        )
    run_fanout()  # the worker: the post's announcement to the wards, then the outbox
    mail_outbox.send_due()
    emails = OutgoingEmail.objects.all()
    assert emails.filter(subject__contains="新しい提案").exists()
    assert emails.count() >= 4
    assert all(email.sent_at and not email.last_error for email in emails)
    assert len(mail.outbox) == emails.count()
    assert all("\n" not in m.subject and "\r" not in m.subject for m in mail.outbox)
    assert all(not m.bcc for m in mail.outbox)


def test_the_outbox_never_sends_a_subject_with_a_line_break(db):
    """Rows written before titles were kept to one line go out instead of retrying forever."""
    OutgoingEmail.objects.create(
        to="a@example.jp", subject="[全国連携ポータル] 件名\r\n続き", body="本文"
    )
    result = mail_outbox.send_due()
    assert (result.sent, result.failed) == (1, 0)
    assert mail.outbox[0].subject == "[全国連携ポータル] 件名 続き"
    subject, _ = outbox.compose(
        notification_kind_label="返信",
        message="件名\n続き",
        proposal=Proposal(pk=1, title="件名\n続き"),
    )
    assert mail_outbox.subject_line(subject) == "[全国連携ポータル] 件名 続き"


@pytest.mark.parametrize(
    "extra",
    [
        b"/OpenAction << /S /Java#53cript /JS (app.alert(1)) >> ",
        b"/OpenAction << /S/L#61unch /F (calc.exe) >> ",
        b"/OpenAction << /S /#4A#61vaScript /J#53 (app.alert(1)) >> ",
        b"/Names << /Java#53cript << /Names [(x) 3 0 R] >> >> ",
        b"/AA << /WC << /S /Lau#6Ech /F (cmd.exe) >> >> ",
    ],
)
def test_scripts_in_pdfs_are_refused_however_their_names_are_spelt(web, board, extra):
    web.force_login(board.proposer)
    upload = SimpleUploadedFile("案内.pdf", minimal_pdf(extra), content_type="application/pdf")
    response = web.post(reverse("bulletin:proposal-create"), form_data(attachments=[upload]))
    assert response.status_code == 200
    assert "スクリプト" in str(response.context["form"].errors["attachments"])
    assert not Proposal.objects.exists() and not ProposalAttachment.objects.exists()


FORMULAS = [
    '=HYPERLINK("https://evil.example/","詳細")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


@pytest.fixture
def formula_collaborations(db):
    from tests.factories import make_prefecture, make_ward

    ward, prefecture = make_ward(), make_prefecture("18", "福井県")
    for index, title in enumerate(FORMULAS):
        make_collaboration(
            f"c{index}",
            title=title,
            summary=title,
            wards=[ward],
            prefecture=prefecture,
            fiscal_year=2024,
            field="tourism",
        )


def test_formulas_in_the_xlsx_are_text(client, formula_collaborations):
    response = client.get(reverse("bulletin:collaboration-xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2))
    titles = {row[4].value.replace("\n", "\r") for row in rows}  # XML keeps no bare CR
    assert titles == set(FORMULAS)
    assert all(row[4].data_type == row[8].data_type == "s" for row in rows)  # title, summary
    assert not [cell for row in rows for cell in row if cell.data_type == "f"]


def test_formulas_in_the_csv_are_prefixed(client, formula_collaborations):
    response = client.get(reverse("bulletin:collaboration-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    titles = {row[4] for row in rows[1:]}
    assert titles == {f"'{formula}" for formula in FORMULAS}


def pdf_with_object_stream(hidden: bytes) -> bytes:
    """A PDF 1.5 whose object 4 (the document's OpenAction) is inside a deflated object stream,
    so no byte search of the file can see it; an xref stream indexes it."""
    import struct
    import zlib

    stream_body = b"4 0 " + hidden
    objstm = zlib.compress(stream_body)
    objects = [
        b"1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >> endobj\n",
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n",
        b"3 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(objstm)
        + objstm
        + b"\nendstream endobj\n",
    ]
    body, offsets = b"%PDF-1.5\n", []
    for obj in objects:
        offsets.append(len(body))
        body += obj
    xref_at = len(body)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 1, offset, 0) for offset in offsets]
    rows += [struct.pack(">BIH", 2, 3, 0), struct.pack(">BIH", 1, xref_at, 0)]
    table = zlib.compress(b"".join(rows))
    body += (
        b"5 0 obj << /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode"
        b" /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream endobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    )
    return body


def test_scripts_inside_compressed_object_streams_are_refused(web, board):
    web.force_login(board.proposer)
    for content, refused in [
        (pdf_with_object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>"), True),
        (pdf_with_object_stream(b"<< /S /URI /URI (https://example.jp/) >>"), False),
    ]:
        assert b"JavaScript" not in content
        upload = SimpleUploadedFile("圧縮.pdf", content, content_type="application/pdf")
        response = web.post(reverse("bulletin:proposal-create"), form_data(attachments=[upload]))
        if refused:
            assert "スクリプト" in str(response.context["form"].errors["attachments"])
        else:
            assert response.status_code == 302, response.context["form"].errors
    assert [a.name for a in ProposalAttachment.objects.all()] == ["圧縮.pdf"]
