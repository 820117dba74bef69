"""Per-call state, kept in the store under "call:<CallSid>" so any process can serve the next step."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from intents.types import Address
from storage import Store, conversations


@dataclass(slots=True)
class Intake:
    """What a caller has told us so far about a problem that needs a ticket."""

    kind: str
    description: str = ""
    address: dict[str, str | None] | None = None
    address_tries: int = 0
    address_flagged: bool = False
    estate_asked: bool = False  # a flat told without its estate: which one is asked once
    temperature_c: float | None = None
    too_hot: bool = False  # a no-heat report of a flat too hot ("暖气太热了")
    # at another home than the caller's ("我妈家…"): its own ticket, never their saved address
    elsewhere: bool = False
    # the complaint this call filed just before this repair ("我要投诉 交了钱暖气还不热"): it is given the address too
    complaint: str | None = None

    def address_value(self) -> Address | None:
        """The captured address as a value, or None."""
        return Address(**self.address) if self.address else None  # type: ignore[arg-type]


@dataclass(slots=True)
class CallState:
    """Where one call stands; serialised as JSON in the conversation store."""

    lang: str = "zh-Hans"
    branch: str | None = None
    hotline: str = ""
    phone: str = ""
    step: str = "menu"
    tries: int = 0
    turn: int = 0
    intake: Intake | None = None
    ticket: str | None = None
    contact_id: int | None = None
    dial_purpose: str | None = None
    recorded: bool = False
    ended: bool = False
    call_logged: bool = False
    last_request: str | None = None
    last_answer: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CallState:
        """Rebuild from a stored dict, ignoring unknown keys so old calls survive a deploy."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        intake = values.get("intake")
        if isinstance(intake, dict):
            intake_known = {f.name for f in fields(Intake)}
            values["intake"] = Intake(**{k: v for k, v in intake.items() if k in intake_known})
        return cls(**values)

    def goto(self, step: str) -> None:
        """Move to another step and reset the attempt counter."""
        if step != self.step:
            self.tries = 0
        self.step = step


def key(call_sid: str) -> str:
    """The conversation key of a call."""
    return f"call:{call_sid}"


async def load(store: Store, call_sid: str) -> CallState | None:
    """The state of a call, or None for a call we do not know."""
    data = await conversations.load(store, key=key(call_sid))
    if not data:
        return None
    try:
        return CallState.from_dict(data)
    except (TypeError, ValueError):
        return None


async def save(store: Store, call_sid: str, state: CallState) -> None:
    """Store the state of a call."""
    await conversations.save(store, key=key(call_sid), state=state.to_dict())
