"""The board in the admin, split by domain as `bulletin/models/` is. Importing the package
registers every module's admin classes."""

from . import (  # noqa: F401 - registration
    collaborations,
    consultations,
    interests,
    moderation,
    notifications,
    proposals,
    replies,
)
