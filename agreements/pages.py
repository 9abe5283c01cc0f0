"""The agreement body on a municipality's page (registered with members.pages)."""


def body_section(municipality) -> dict | None:
    from .models import AgreementBody

    body = AgreementBody.objects.representing(municipality)
    return None if body is None else {"body": body}
