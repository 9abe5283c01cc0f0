"""The agreements' relationship on the network map (declared in apps.py)."""

from .models import AgreementBody


def agreement_member_ids():
    return AgreementBody.objects.member_municipalities().values_list("pk", flat=True)
