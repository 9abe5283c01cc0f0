"""Every form of the portal renders its fields through templates/includes/_field.html, so a
required field carries the same 必須 badge on every page: members' forms, the board's forms,
sign-up, log-in and allauth's account pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from bulletin.services.replies import reply_post
from tests.bulletin.conftest import post_proposal
from tests.factories import (
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat,
    make_ward,
    pass_second_factor,
)

BADGE = ' <span class="required">必須</span>'


@pytest.fixture
def form_pages(db):
    fukui = make_prefecture("18", "福井県")
    sakai = make_municipality("坂井市", prefecture=fukui, kind="city", code="182109")
    proposer = make_member(sakai, email="sakai@example.jp")
    ward = make_member(make_ward(), email="shinagawa@example.jp")
    secretariat = make_secretariat()
    proposal = post_proposal(proposer)
    reply = reply_post(proposal=proposal, author=ward, body="品川区も参加したい")
    return [
        (None, reverse("account_signup")),
        (None, reverse("account_login")),
        (proposer, reverse("account_change_password")),
        (proposer, reverse("members:profile-edit")),
        (proposer, reverse("members:pr-edit", kwargs={"code": sakai.code})),
        (proposer, reverse("bulletin:proposal-create")),
        (proposer, reverse("bulletin:proposal-update", args=[proposal.pk])),
        (proposer, reverse("bulletin:proposal-status", args=[proposal.pk])),
        (proposer, reverse("bulletin:notification-settings")),
        (ward, reverse("bulletin:reply-create", args=[proposal.pk])),
        (ward, reverse("bulletin:proposal-report", args=[proposal.pk])),
        (secretariat, reverse("bulletin:reply-moderate", args=[reply.pk])),
        (ward, reverse("bulletin:tie-create")),
        (proposer, reverse("bulletin:tie-propose")),
    ]


def test_required_fields_carry_the_same_badge_on_every_form_page(client, form_pages):
    for user, url in form_pages:
        client.logout()
        if user is not None:
            pass_second_factor(client, user)  # the secretariat's pages need it
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        form = response.context["form"]
        # The fields the page shows (the status form shows its collaboration fields only for 成立).
        fields = [field for field in form.visible_fields() if f'id="{field.auto_id}' in body]
        required = [field for field in fields if field.field.required]
        assert required, f"{url}: a form page with no required field proves nothing"
        for field in fields:
            label = escape(str(field.label))
            marked = re.search(re.escape(label + BADGE) + "</(label|legend)>", body)
            plain = re.search(re.escape(label) + "</(label|legend)>", body)
            if field.field.required:
                assert marked, f"{url}: {field.name} lacks the 必須 badge"
            else:
                assert plain and not marked, f"{url}: {field.name} is optional"
        # No other badge markup: every badge on the page is one of the form's.
        assert body.count('class="required"') == len(required), url


def test_only_the_shared_partials_write_the_badge():
    # Django's admin keeps its own class="required" on labels (bold, admin styles); not ours.
    templates = Path(settings.BASE_DIR) / "templates"
    writers = sorted(
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if 'class="required"' in path.read_text()
        and path.relative_to(templates).parts[0] != "admin"
    )
    assert writers == ["allauth/elements/field.html", "includes/_field.html"]
