"""What the voice channel needs from the composition layer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from intents.company import Company
from storage import Store


@dataclass(frozen=True, slots=True)
class VoiceServices:
    """The store, the company, a UTC clock and the public base URL Twilio calls (None: relative URLs)."""

    store: Store
    company: Company
    clock: Callable[[], dt.datetime]
    public_url: str | None = None

    def url(self, path: str) -> str:
        """The URL Twilio should request for one of our paths."""
        return f"{self.public_url.rstrip('/')}{path}" if self.public_url else path
