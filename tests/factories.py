"""Small factory helpers: tests build their own data."""

import itertools

from members.models import Municipality, MunicipalityKind, Prefecture, Region
from members.validators import check_digit

_serial = itertools.count(1)
# Municipality codes have three digits after the prefecture: their own counter, wrapping, so a
# long run (many users made through _serial) never yields a code of the wrong length.
_code_serial = itertools.count(1)


def with_check_digit(first_five: str) -> str:
    return first_five + str(check_digit(first_five))


def make_prefecture(code: str = "01", name: str | None = None, **fields) -> Prefecture:
    prefecture, _ = Prefecture.objects.get_or_create(
        code=code,
        defaults={
            "name": name or f"テスト県{code}",
            "kana": fields.pop("kana", "テストケン"),
            "region": fields.pop("region", Region.HOKKAIDO),
            **fields,
        },
    )
    return prefecture


def make_municipality(
    name: str | None = None,
    *,
    prefecture: Prefecture | None = None,
    kind: str = MunicipalityKind.TOWN,
    kana: str = "テストチョウ",
    **fields,
) -> Municipality:
    prefecture = prefecture or make_prefecture()
    serial = next(_serial)
    code = fields.pop("code", None)
    while code is None:
        # Three digits per prefecture: the session's counter wraps; skip a code in use.
        candidate = with_check_digit(f"{prefecture.code}{serial % 1000:03d}")
        if not Municipality.objects.filter(code=candidate).exists():
            code = candidate
        else:
            serial = next(_serial)
    return Municipality.objects.create(
        code=code,
        name=name or f"テスト{serial}町",
        kana=kana,
        kind=kind,
        prefecture=prefecture,
        **fields,
    )


def make_user(
    email: str | None = None,
    *,
    password: str = "correct-horse-battery",
    verified: bool = True,
    **fields,
):
    """A user who can log in by e-mail (verified through allauth's EmailAddress)."""
    from allauth.account.models import EmailAddress

    from members.models import User

    email = email or f"user{next(_serial)}@example.jp"
    user = User.objects.create_user(email=email, password=password, **fields)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def make_member(
    municipality: Municipality | None = None,
    *,
    status: str = "approved",
    email: str | None = None,
    **fields,
):
    """A staff member of a municipality with a membership in the given status."""
    from django.utils import timezone

    from members.models import Membership

    user = make_user(email, **fields)
    municipality = municipality or make_municipality()
    Membership.objects.create(
        user=user,
        municipality=municipality,
        department="企画課",
        position="主事",
        full_name="連携 太郎",
        full_name_kana="れんけい たろう",
        phone="03-0000-0000",
        agreed_to_terms_at=timezone.now(),
        status=status,
        rejection_reason="テスト" if status == "rejected" else "",
        decided_at=None if status == "pending" else timezone.now(),
    )
    return user


def make_ward(name: str = "品川区", code: str = "131091", kana: str = "シナガワク") -> Municipality:
    tokyo = make_prefecture("13", "東京都")
    return make_municipality(
        name, prefecture=tokyo, kind=MunicipalityKind.SPECIAL_WARD, kana=kana, code=code
    )


# Secretariat staff need an authenticator app (TOTP) before they reach the admin.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def add_totp(user, secret: str = TOTP_SECRET):
    """Give a user an authenticator app (allauth MFA), as if they had set one up."""
    from members.totp import totp_activate

    return totp_activate(user=user, secret=secret)


def totp_code(secret: str = TOTP_SECRET, steps_ago: int = 0) -> str:
    """The code an authenticator app shows right now for this secret (or showed `steps_ago`
    30-second steps before)."""
    from members import totp

    return totp.totp_code(secret, steps_ago=steps_ago)


def pass_second_factor(client, user):
    """Log the user in with the second factor on record, as allauth's MFA step of the login (or
    of a re-authentication) writes it into the session."""
    from allauth.account.internal.flows.login import record_authentication
    from django.http import HttpRequest

    client.force_login(user)
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "mfa", type="totp")
    request.session.save()


def make_secretariat(email: str = "jimukyoku@example.jp", *, totp: bool = True):
    """A superuser of the secretariat, with an authenticator app unless totp=False."""
    user = make_user(email, is_staff=True, is_superuser=True)
    if totp:
        add_totp(user)
    return user


def make_secretariat_staff(email: str = "staff@example.jp", *, totp: bool = True):
    """Secretariat staff as the portal runs them: staff, not superuser, in the 事務局 group."""
    from members.roles import secretariat_group

    user = make_user(email, is_staff=True)
    user.groups.add(secretariat_group())
    if totp:
        add_totp(user)
    return user


def make_event(title: str = "全国連携講演会", *, start_date=None, kind: str = "lecture", **fields):
    import datetime

    from events.models import Event

    serial = next(_serial)
    return Event.objects.create(
        slug=fields.pop("slug", f"event-{serial}"),
        title=title,
        kind=kind,
        start_date=start_date or datetime.date(2023, 8, 28),
        status=fields.pop("status", "held"),
        **fields,
    )


def make_body(prefecture: Prefecture, kind: str = "towns", *, signed_on=None, **fields):
    import datetime

    from agreements.models import AgreementBody

    suffix = "市長会" if kind == "mayors" else "町村会"
    return AgreementBody.objects.create(
        name=fields.pop("name", f"{prefecture.name}{suffix}"),
        slug=fields.pop("slug", f"body-{prefecture.code}-{kind}"),
        prefecture=prefecture,
        kind=kind,
        signed_on=signed_on or datetime.date(2016, 4, 26),
        documented_member_count=fields.pop("documented_member_count", 0),
        **fields,
    )


def make_timeline_entry(title: str = "区長会総会で報告", *, date=None, **fields):
    import datetime

    from record.models import TimelineEntry

    date = date or datetime.date(2019, 5, 15)
    sequence = TimelineEntry.objects.filter(date=date).count() + 1
    return TimelineEntry.objects.create(
        date=date, sequence=sequence, title=title, kind=fields.pop("kind", "meeting"), **fields
    )


SIGNUP_PASSWORD = "kujira-no-machi-2024"


def signup_data(**changes) -> dict:
    """A complete sign-up form for 坂井市's 坂井 花子; a change of None drops that field."""
    data = {
        "email": "sakai.hanako@city.example.lg.jp",
        "municipality": "福井県坂井市",
        "department": "総合政策部 企画政策課",
        "position": "主事",
        "full_name": "坂井 花子",
        "full_name_kana": "さかい はなこ",
        "phone": "0776-00-0000",
        "password1": SIGNUP_PASSWORD,
        "password2": SIGNUP_PASSWORD,
        "agree_to_terms": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def make_partner(
    name: str = "特定非営利活動法人 まちづくりネット",
    *,
    kind: str = "npo",
    status: str = "approved",
    email: str | None = None,
    corporate_number: str = "",
    corporate_agreement=None,
    **fields,
):
    """A member of a partner organisation (created if new), with the given status; the
    organisation is listed in the directory once a member is approved."""
    from django.utils import timezone

    from partners.models import PartnerMembership, PartnerOrganisation

    user = make_user(email, **fields)
    organisation, _ = PartnerOrganisation.objects.get_or_create(
        name=name,
        defaults={
            "kind": kind,
            "corporate_number": corporate_number,
            "offer": "地域の子育て支援\n空き家の活用",
            "corporate_agreement": corporate_agreement,
        },
    )
    if status == "approved" and organisation.approved_on is None:
        organisation.approved_on = timezone.localdate()
        organisation.save(update_fields=["approved_on"])
    PartnerMembership.objects.create(
        user=user,
        organisation=organisation,
        department="事業部",
        full_name="協働 花子",
        full_name_kana="きょうどう はなこ",
        phone="03-0000-0001",
        agreed_to_terms_at=timezone.now(),
        status=status,
        rejection_reason="テスト" if status == "rejected" else "",
    )
    return user
