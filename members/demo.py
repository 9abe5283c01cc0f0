"""Demo accounts for development: created by `make run`, never in production.

Safe to run again: existing accounts are left as they are.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Membership, Municipality, PRPage
from .roles import secretariat_group
from .services import membership_apply, membership_approve, pr_page_update
from .totp import totp_activate

DEMO_PASSWORD = "demo-pass-2014"  # noqa: S105 - development-only demo accounts, documented in README
# The secretariat's authenticator-app secret, documented in the README: add it to an app, or run
# `manage.py demo_totp_code`. Development only, like the accounts themselves.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

DEMO_MEMBERS = [
    # email, municipality code, status, details
    (
        "sakai@example.jp",
        "182109",
        "approved",
        {
            "department": "総合政策部 企画政策課",
            "position": "主事",
            "full_name": "坂井 花子",
            "full_name_kana": "さかい はなこ",
            "phone": "0776-00-0000",
        },
    ),
    (
        "shinagawa@example.jp",
        "131091",
        "approved",
        {
            "department": "企画経営部 企画調整課",
            "position": "係長",
            "full_name": "品川 一郎",
            "full_name_kana": "しながわ いちろう",
            "phone": "03-0000-0000",
        },
    ),
    (
        "applicant@example.jp",
        "016683",
        "pending",
        {
            "department": "企画財政課",
            "position": "主任",
            "full_name": "白糠 次郎",
            "full_name_kana": "しらぬか じろう",
            "phone": "01547-0-0000",
        },
    ),
]


def _user(email: str, **fields):
    User = get_user_model()
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


@transaction.atomic
def create_demo_accounts() -> list:
    secretariat = _user(
        "jimukyoku@example.jp",
        last_name="事務局",
        first_name="太郎",
        is_staff=True,
        is_superuser=True,
    )
    secretariat.groups.add(secretariat_group())
    if not Authenticator.objects.filter(user=secretariat, type=Authenticator.Type.TOTP).exists():
        totp_activate(user=secretariat, secret=DEMO_TOTP_SECRET)

    accounts = [secretariat]
    for email, code, status, details in DEMO_MEMBERS:
        user = _user(email)
        accounts.append(user)
        if Membership.objects.filter(user=user).exists():
            continue
        municipality = Municipality.objects.get(code=code)
        membership = membership_apply(user=user, municipality=municipality, **details)
        if status == "approved":
            membership_approve(membership=membership, decided_by=secretariat)

    sakai = Municipality.objects.get(code="182109")
    if not PRPage.objects.filter(municipality=sakai).exists():
        pr_page_update(
            municipality=sakai,
            editor=get_user_model().objects.get(email="sakai@example.jp"),
            fields={
                "catchphrase": "東尋坊と丸岡城、越前がにのまち",
                "introduction": (
                    "坂井市は福井県の北部、日本海に面したまちです。"
                    "国の名勝・天然記念物の東尋坊や、現存十二天守のひとつ丸岡城があります。"
                ),
                "tourism": "東尋坊、丸岡城、三国湊の町並み",
                "specialties": "越前がに、らっきょう、坂井米",
                "events": "三国祭（5月）、丸岡城桜まつり（4月）",
                "contact": "坂井市 総合政策部 企画政策課（デモ用の架空の連絡先）",
            },
        )
    return accounts
