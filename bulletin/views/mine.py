"""The member's own lists, linked from マイページ: the posts they follow (ワッチ) and the posts
their municipality raised its hand on."""

from django.views.generic import ListView

from members.permissions import approved_membership

from ..models import Follow, HandRaise
from .matching import MemberOnlyMixin


class FollowedListView(MemberOnlyMixin, ListView):
    """The member's own follows: nobody else's, and only posts they may still see."""

    template_name = "bulletin/followed_list.html"
    paginate_by = 30

    def get_queryset(self):
        return Follow.objects.of_member(self.request.user)


class HandListView(MemberOnlyMixin, ListView):
    """The hands the member's municipality raised (on a ward's call, the municipality's)."""

    template_name = "bulletin/hand_list.html"
    paginate_by = 30

    def get_queryset(self):
        municipality = approved_membership(self.request.user).municipality
        return HandRaise.objects.raised_by_municipality(municipality)
