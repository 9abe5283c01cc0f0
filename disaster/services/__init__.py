"""Writes of disaster mode, by domain: declaring and closing (disasters), requests and
commitments (requests), the wards' reports and the joint fund (support), and the urgent alerts
they all send (alerts)."""
