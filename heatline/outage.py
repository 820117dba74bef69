"""One line when the store stops answering and one when it answers again, for the loops that retry on their own
(the outbox worker, the 30-minute clock): an outage is no bug, so no traceback on every pass of it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.state import in_one_line
from storage import errors


@dataclass
class OutageLog:
    """Says of one loop when the store went away and when it came back; anything else is logged as a failure."""

    log: logging.Logger
    what: str
    down: bool = False

    def failed(self, exc: BaseException) -> None:
        """After a failed pass: an outage once, in one line (quietly while it lasts); any other error in full."""
        if not errors.unavailable(exc):
            self.log.exception("%s failed", self.what)
            return
        if not self.down:
            self.log.error(
                "%s: the store cannot be reached (%s); retrying until it answers", self.what, in_one_line(exc)
            )
        self.down = True

    def passed(self) -> None:
        """After a pass that reached the store."""
        if self.down:
            self.log.warning("%s: the store answers again", self.what)
        self.down = False
