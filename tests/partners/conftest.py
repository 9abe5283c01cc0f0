"""The board's world (坂井市, 白糠町, 品川区 and their members) for the partners' tests."""

from tests.bulletin.conftest import board, proposal  # noqa: F401
