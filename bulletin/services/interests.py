"""Interests: a member's (or municipality's) interest profile, follows (ワッチ), saved searches
and their alerts."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.permissions import approved_membership

from .. import permissions
from ..filters import ProposalFilter
from ..models import (
    FanOut,
    Follow,
    InterestProfile,
    Notification,
    NotificationKind,
    Proposal,
    SavedSearch,
)
from ..permissions import require
from .notifications import notify


@transaction.atomic
def follow_set(*, user, proposal: Proposal, following: bool) -> bool:
    """ワッチ (follow) a proposal or call, or stop; followers hear of replies, hands and status."""
    require(permissions.can_follow(user, proposal), _("この投稿はワッチできません。"))
    if following:
        Follow.objects.get_or_create(user=user, proposal=proposal)
    else:
        Follow.objects.filter(user=user, proposal=proposal).delete()
    return following


@transaction.atomic
def interest_profile_set(
    *,
    user,
    fields: Iterable[str] = (),
    kinds: Iterable[str] = (),
    regions: Iterable[str] = (),
    prefectures: Iterable = (),
    bodies: Iterable = (),
    for_municipality: bool = False,
) -> InterestProfile:
    """A member sets their interest profile, or (for_municipality) their municipality's default."""
    membership = approved_membership(user)
    require(membership is not None, _("関心の設定は承認された会員だけができます。"))
    owner = {"municipality": membership.municipality} if for_municipality else {"user": user}
    profile, _created = InterestProfile.objects.update_or_create(
        **owner,
        defaults={"fields": sorted(fields), "kinds": sorted(kinds), "regions": sorted(regions)},
    )
    profile.prefectures.set(list(prefectures))
    profile.bodies.set(list(bodies))
    return profile


@transaction.atomic
def interest_profile_clear(*, user) -> None:
    InterestProfile.objects.filter(user=user).delete()


@transaction.atomic
def saved_search_create(*, user, name: str, query: str, alerts: bool = True) -> SavedSearch:
    require(permissions.can_post(user), _("検索を保存できるのは承認された会員だけです。"))
    name = name.strip()
    if not name:
        raise ValidationError(_("名前を入力してください。"))
    # Only the filter's own parameters are kept (no page number).
    params = QueryDict(query, mutable=True)
    params.pop("page", None)
    return SavedSearch.objects.create(
        user=user, name=name[:80], query=params.urlencode()[:1000], alerts=alerts
    )


@transaction.atomic
def saved_search_set_alerts(*, user, saved_search: SavedSearch, alerts: bool) -> SavedSearch:
    """Switch one saved search's alerts on or off. Switched on, it announces posts from now on,
    not those that appeared while it was off."""
    require(saved_search.user_id == user.pk, _("この検索は変更できません。"))
    if alerts and not saved_search.alerts:
        saved_search.checked_at = timezone.now()
    saved_search.alerts = alerts
    saved_search.save(update_fields=["alerts", "checked_at"])
    return saved_search


@transaction.atomic
def saved_search_delete(*, user, saved_search: SavedSearch) -> None:
    require(saved_search.user_id == user.pk, _("この検索は削除できません。"))
    saved_search.delete()


def saved_search_alerts(*, now=None) -> int:
    """For each saved search with alerts: notify its owner of posts that match and appeared
    since it was last checked (run by the outbox worker, `send_notifications`)."""
    now = now or timezone.now()
    # A post still being announced (its fan-out pending) waits: its announcement comes first,
    # so a member it reaches both ways is told once.
    announcing = (
        FanOut.objects.pending()
        .order_by("proposal__created_at")
        .values_list("proposal__created_at", flat=True)
        .first()
    )
    if announcing is not None:
        now = min(now, announcing - datetime.timedelta(microseconds=1))
    count = 0
    told = {}  # user id -> ids of posts already matched for them (announced or alerted)
    for saved in SavedSearch.objects.alerting().select_related("user__membership"):
        with transaction.atomic():
            user = saved.user
            if approved_membership(user) is None:
                continue
            recent = (
                Proposal.objects.visible_to(user)
                .filter(created_at__gt=saved.checked_at, created_at__lte=now)
                .exclude(author=user)
            )
            matches = list(
                ProposalFilter(saved.params, queryset=recent).qs.select_related(
                    "municipality__prefecture"
                )[:20]
            )
            already = told.setdefault(user.pk, set())
            already |= set(
                Notification.objects.filter(
                    recipient=user,
                    kind__in=[NotificationKind.NEW_POST, NotificationKind.SAVED_SEARCH],
                    proposal__in=[post.pk for post in matches],
                ).values_list("proposal_id", flat=True)
            )
            for post in matches:
                if post.pk in already:
                    continue  # one post, one alert: however many searches it matched
                already.add(post.pk)
                count += notify(
                    proposal=post,
                    kind=NotificationKind.SAVED_SEARCH,
                    actor=None,
                    recipients=[user],
                    message=gettext_lazy("保存した検索「%(name)s」に新しい一致：「%(title)s」"),
                    params={"name": saved.name, "title": post.title},
                    detail=post.body,
                )
            SavedSearch.objects.filter(pk=saved.pk).update(checked_at=now)
    return count
