"""Every page of the members' area passes axe-core: the public PR pages, registration and login
(with their error states), マイページ and the PR editor, the two-factor pages, and the admin
pages the secretariat works in (Django's admin has small template overrides for this)."""

import datetime

import pytest

from agreements.models import AgreementBody, BodyKind
from members.images import process_photo
from members.models import MemberMunicipality, MunicipalityKind, PRPage, PRPhoto
from members.services import PhotoChange, pr_page_update
from tests.factories import (
    TOTP_SECRET,
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat_staff,
    totp_code,
)
from tests.members.images import photo_bytes, upload

PASSWORD = "correct-horse-battery"


@pytest.fixture
def site(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fukui = make_prefecture("18", "福井県")
    sakai = make_municipality("坂井市", prefecture=fukui, kind=MunicipalityKind.CITY, code="182109")
    make_municipality("あわら市", prefecture=fukui, kind=MunicipalityKind.CITY, code="182087")
    member = make_member(sakai, email="sakai@example.jp")
    make_member(sakai, status="pending", email="applicant@example.jp")
    MemberMunicipality.objects.create(municipality=sakai, joined_on=datetime.date(2024, 4, 1))
    pr_page_update(
        municipality=sakai,
        editor=member,
        fields={
            "catchphrase": "東尋坊と丸岡城のまち",
            "introduction": "日本海に面したまちです。",
            "tourism": "東尋坊",
            "specialties": "越前がに",
            "events": "三国祭",
            "website": "https://example.jp/",
            "contact": "企画政策課",
        },
        photos=[
            PhotoChange(
                photo=None,
                caption="東尋坊",
                alt_text="日本海に面した断崖",
                image=process_photo(upload("a.jpg", photo_bytes())),
            )
        ],
    )
    AgreementBody.objects.create(
        name="福井県市長会",
        slug="fukui-mayors",
        prefecture=fukui,
        kind=BodyKind.MAYORS,
        signed_on=datetime.date(2016, 1, 1),
        documented_member_count=9,
    )
    make_secretariat_staff("jimukyoku@example.jp")
    return sakai


def log_in(journey, email, *, totp=False):
    page = journey.goto("/accounts/login/")
    page.get_by_label("メールアドレス").fill(email)
    page.locator("[name=password]").fill(PASSWORD)
    page = journey.follow(page.get_by_role("button", name="ログイン"))
    if totp:
        page.locator("[name=code]").fill(totp_code(TOTP_SECRET))
        page = journey.follow(page.get_by_role("button", name="ログイン"))
    return page


def test_public_and_entrance_pages(journey, site):
    for path in [
        site.get_absolute_url(),
        "/municipalities/?member=on",
        "/agreements/fukui-mayors/pr/",
        "/terms/",
        "/accounts/password/reset/",
    ]:
        journey.goto(path)
    page = journey.goto("/accounts/signup/")
    page = journey.follow(page.get_by_role("button", name="登録を申請する"))
    assert page.locator(".errorlist").first.is_visible()
    page = journey.goto("/accounts/login/")
    page.get_by_label("メールアドレス").fill("sakai@example.jp")
    page.locator("[name=password]").fill("wrong-password")
    page = journey.follow(page.get_by_role("button", name="ログイン"))
    assert page.get_by_role("alert").is_visible()


def test_member_pages(journey, site, tmp_path):
    page = log_in(journey, "sakai@example.jp")
    assert page.get_by_role("heading", level=1).inner_text() == "マイページ"
    journey.goto("/mypage/profile/")
    journey.goto("/mypage/deactivate/")
    journey.goto("/accounts/email/")
    journey.goto("/accounts/password/change/")
    journey.goto("/accounts/2fa/")
    page = journey.goto("/accounts/2fa/totp/activate/")  # asks for the password first
    page.locator("[name=password]").fill(PASSWORD)
    page = journey.follow(page.get_by_role("button", name="確認"))
    assert page.get_by_role("img").first.is_visible()  # the QR code

    # The PR editor, and its error state after a bad upload.
    page = journey.goto(f"/municipalities/{site.code}/pr/edit/")
    bad = tmp_path / "not-a-photo.jpg"
    bad.write_text("not a photo")
    page.locator("[name=photos-1-upload]").set_input_files(str(bad))
    page.locator("[name=photos-1-alt_text]").fill("説明")
    page = journey.follow(page.get_by_role("button", name="保存して公開する"))
    assert page.get_by_text("JPEG・PNG・WebP形式の画像として読み込めないファイルです").is_visible()
    assert PRPhoto.objects.count() == 1


def test_secretariat_admin_pages(journey, site):
    page = log_in(journey, "jimukyoku@example.jp", totp=True)
    assert page.url.endswith("/mypage/")
    page = journey.goto("/admin/")
    page = journey.goto("/admin/members/membership/?status__exact=pending")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("reject_selected")
    page = journey.follow(page.get_by_role("button", name="実行"))
    assert page.get_by_label("不承認の理由").is_visible()
    page.get_by_label("不承認の理由").fill("   ")  # blank: past the browser's check, not ours
    page = journey.follow(page.get_by_role("button", name="不承認にしてメールを送る"))
    assert page.get_by_text("不承認の理由を入力してください").is_visible()

    pr_page = PRPage.objects.get()
    photo = PRPhoto.objects.get()
    membership = site.memberships.first()
    for path in [
        f"/admin/members/membership/{membership.pk}/change/",
        "/admin/members/membermunicipality/",
        "/admin/members/prpage/",
        f"/admin/members/prpage/{pr_page.pk}/change/",
        "/admin/members/prphoto/",
        f"/admin/members/prphoto/{photo.pk}/change/",
    ]:
        journey.goto(path)


def test_a_party_records_a_collaborations_progress_and_outcome(journey, site, tmp_path):
    """坂井市's member, a party: a photo that is no photo is refused, an indicator is drawn."""
    from bulletin.models import Collaboration, ProgressEntry
    from tests.factories import make_ward

    collaboration = Collaboration.objects.create(
        slug="sakai-shinagawa",
        title="品川区民まつり 坂井市物産展",
        summary="物産展",
        field="industry",
        prefecture=site.prefecture,
        fiscal_year=2023,
    )
    collaboration.wards.set([make_ward()])
    collaboration.municipalities.set([site])
    log_in(journey, "sakai@example.jp")
    page = journey.goto(collaboration.get_absolute_url())
    page = journey.follow(page.get_by_role("link", name="経過を記入"))
    page.get_by_label("日付").fill("2023-10-08")
    page.get_by_label("内容").fill("区民まつりで物産展を開きました。")
    bad = tmp_path / "not-a-photo.jpg"
    bad.write_text("not a photo")
    page.get_by_label("写真（任意）").set_input_files(str(bad))
    page.get_by_label("写真の説明（代替テキスト）").fill("物産展の様子")
    page = journey.follow(page.get_by_role("button", name="保存する"))
    assert page.get_by_text("JPEG・PNG・WebP形式の画像として読み込めないファイルです").is_visible()
    assert not ProgressEntry.objects.exists()

    page = journey.goto(f"/board/collaborations/{collaboration.pk}/indicators/new/")
    page.get_by_label("指標").fill("来場者数")
    page.get_by_label("単位").fill("人")
    page.get_by_label("目標値").fill("1000")
    page.get_by_label("実績値（任意）").fill("1200")
    page.get_by_label("実績の測定日").fill("2023-10-09")
    page = journey.follow(page.get_by_role("button", name="保存する"))
    assert page.get_by_role("heading", name="成果指標").is_visible()
    assert page.get_by_text("目標達成").is_visible()
    assert page.get_by_text("1,200人").is_visible()
