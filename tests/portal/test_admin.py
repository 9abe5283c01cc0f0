import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from members.models import Municipality
from record.models import PartnerCountSnapshot
from tests.factories import make_secretariat, make_secretariat_staff, pass_second_factor

PROJECT_APPS = {
    "members",
    "agreements",
    "partners",
    "events",
    "bulletin",
    "directory",
    "disaster",
    "roundtable",
    "record",
    "surveys",
}


@pytest.fixture
def secretariat_client(client, db):
    user = make_secretariat()
    pass_second_factor(client, user)
    return client


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label in PROJECT_APPS]


# The parties' private rooms are not in the admin: the secretariat reads a room only when one of
# its sides asks it in (bulletin/models/rooms.py), and the admin would show every room to all
# its staff.
NOT_IN_THE_ADMIN = {
    "bulletin.Room",
    "bulletin.RoomMessage",
    "bulletin.RoomAttachment",
    "bulletin.ContactCard",
    "bulletin.RoomRead",
}


def test_every_model_of_the_portal_is_registered_with_a_class():
    from django.apps import apps

    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.auto_created or model._meta.label in NOT_IN_THE_ADMIN:
                assert model not in admin.site._registry, model._meta.label
                continue
            registered = admin.site._registry.get(model)
            inline_models = {
                inline.model
                for model_admin in admin.site._registry.values()
                for inline in model_admin.inlines
            }
            assert registered is not None or model in inline_models, model._meta.label


def test_secretariat_can_open_every_changelist_and_add_form(secretariat_client, shipped_data):
    for model in registered_models():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = secretariat_client.get(changelist)
        assert response.status_code == 200, changelist
        # The list holds every row (the shipped data, the secretariat's own account).
        assert response.context["cl"].result_count == model._default_manager.count(), changelist
        model_admin = admin.site._registry[model]
        if model_admin.search_fields:  # the list has a search box
            searched = secretariat_client.get(changelist, {"q": "東京"})
            assert searched.status_code == 200, changelist
        if model is Municipality:
            found = secretariat_client.get(changelist, {"q": "白糠"}).context["cl"].result_list
            assert [m.name for m in found] == ["白糠町"]
        if model_admin.has_add_permission(response.wsgi_request):
            add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            form = secretariat_client.get(add)
            assert form.status_code == 200, add
            assert form.context["adminform"].form._meta.model is model, add


def test_secretariat_adds_next_years_snapshot_in_the_admin(secretariat_client):
    response = secretariat_client.post(
        reverse("admin:record_partnercountsnapshot_add"),
        {
            "as_of": "2024-08-01",
            "ward_partners": "820",
            "hp_members": "320",
            "agreement_members": "372",
            "total": "1120",
            "note": "",
        },
    )
    assert response.status_code == 302
    latest = PartnerCountSnapshot.objects.latest_snapshot()
    assert latest.as_of == datetime.date(2024, 8, 1) and latest.fiscal_year_label == "令和6年度"
    assert "連携自治体数（令和6年度）" in secretariat_client.get(reverse("home")).content.decode()


def test_group_only_secretariat_staff_edit_the_public_record(client, db):
    """Staff who are not superusers get what they need through the 事務局 group."""

    pass_second_factor(client, make_secretariat_staff())
    for url_name in [
        "admin:record_timelineentry_add",
        "admin:events_event_add",
        "admin:agreements_agreementbody_add",
        "admin:record_partnercountsnapshot_changelist",
        "admin:bulletin_collaboration_add",
        "admin:bulletin_proposal_changelist",
        "admin:roundtable_topic_add",
        "admin:roundtable_summary_add",
    ]:
        response = client.get(reverse(url_name))
        assert response.status_code == 200, url_name
        # The form to fill in, or the list to work in: not a read-only view.
        if url_name.endswith("_add"):
            assert 'type="submit"' in response.content.decode() and "adminform" in response.context
        else:
            assert "cl" in response.context
