"""A municipality's collaborations on its page (registered with members.pages)."""


def collaborations_section(municipality) -> dict | None:
    from .models import Collaboration

    collaborations = list(Collaboration.objects.involving(municipality).for_listing()[:20])
    return {"collaborations": collaborations} if collaborations else None
