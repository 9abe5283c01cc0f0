"""The board's world (a proposal can become a public collaboration)."""

from tests.bulletin.conftest import board  # noqa: F401
