"""The one error a channel raises."""

from __future__ import annotations


class DeliveryError(Exception):
    """The channel did not accept the message; the text says why, for the person who set it up."""
