"""Interest profiles: a member's own and the municipality's default."""

from django.urls import reverse

from bulletin.models import InterestProfile


class TestInterests:
    """The interest profile form."""

    def test_a_ward_member_sets_interests_for_themself_and_as_the_wards_default(
        self, client, board
    ):
        client.force_login(board.ward)
        url = reverse("bulletin:interest-profile")
        response = client.post(url, {"fields_": ["tourism"], "regions": ["chubu"]})
        assert response.status_code == 302
        own = InterestProfile.objects.get(user=board.ward)
        assert (own.fields, own.regions) == (["tourism"], ["chubu"])
        assert not InterestProfile.objects.filter(municipality__isnull=False).exists()

        response = client.post(
            url, {"fields_": ["disaster"], "regions": [], "for_municipality": "on"}
        )
        assert response.status_code == 302
        own.refresh_from_db()
        default = InterestProfile.objects.get(municipality=board.ward.membership.municipality)
        assert own.fields == default.fields == ["disaster"]
        assert own.regions == default.regions == []
