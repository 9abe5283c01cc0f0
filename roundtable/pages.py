"""The roundtable's section on the board's proposal page (registered with bulletin.pages)."""


def proposal_topics_section(proposal) -> dict | None:
    """「円卓会議の議題から」: the topics this proposal or call came from."""
    topics = list(proposal.roundtable_topics.order_by("-opened_at", "-pk"))
    return {"topics": topics} if topics else None
