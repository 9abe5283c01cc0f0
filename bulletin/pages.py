"""A municipality's ties and collaborations on its page (registered with members.pages)."""


def collaborations_section(municipality) -> dict | None:
    from .models import Collaboration

    collaborations = list(Collaboration.objects.involving(municipality).for_listing()[:20])
    return {"collaborations": collaborations} if collaborations else None


def ties_section(municipality) -> dict | None:
    """The register's ties of a municipality (or, on a ward's page, the ward's ties and their
    count, computed from the register)."""
    from .models import Tie

    ties = list(Tie.objects.involving(municipality).for_listing())
    if not ties:
        return None
    return {"ties": ties, "count": len(ties), "is_ward": municipality.is_special_ward}
