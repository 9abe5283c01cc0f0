"""The agreement body on a municipality's page (registered with members.pages), and the hooks
through which apps above add sections to the agreements' pages."""


def body_section(municipality) -> dict | None:
    from .models import AgreementBody

    body = AgreementBody.objects.representing(municipality)
    return None if body is None else {"body": body}


# Sections that apps above `agreements` add to each corporate agreement (the events it led to),
# registered from their AppConfig.ready() as members/pages.py does for municipalities. A section's
# context takes every agreement at once (one query for the list, whatever its length) and returns
# {agreement pk: the section's context} for those it has something to show for.
_CORPORATE_SECTIONS: dict[str, tuple[int, object]] = {}


def register_corporate_agreement_section(*, template: str, context, order: int = 100) -> None:
    _CORPORATE_SECTIONS[template] = (order, context)


def with_corporate_agreement_sections(agreements) -> list[tuple[object, list[tuple[str, dict]]]]:
    agreements = list(agreements)
    shown = {agreement.pk: [] for agreement in agreements}
    for template, (_order, context) in sorted(
        _CORPORATE_SECTIONS.items(), key=lambda item: (item[1][0], item[0])
    ):
        for pk, section in context(agreements).items():
            shown[pk].append((template, section))
    return [(agreement, shown[agreement.pk]) for agreement in agreements]


# Sections that apps above `agreements` add to the bodies' list (body None) and to each body's
# page (the network map), registered from their AppConfig.ready() as above. A section's context
# takes the body, or None on the list, and returns the section's context or None.
_BODY_SECTIONS: dict[str, tuple[int, object]] = {}


def register_body_section(*, template: str, context, order: int = 100) -> None:
    _BODY_SECTIONS[template] = (order, context)


def body_sections(body=None) -> list[tuple[str, dict]]:
    shown = []
    for template, (_order, context) in sorted(
        _BODY_SECTIONS.items(), key=lambda item: (item[1][0], item[0])
    ):
        section = context(body)
        if section is not None:
            shown.append((template, section))
    return shown
