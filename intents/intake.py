"""Intake policy: what each kind of ticket needs, and safety advice for water emergencies."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intents.normalize import to_traditional
from intents.types import Intent, Lang

_DATA: dict[str, Any] = tomllib.loads((Path(__file__).parent / "data" / "intake.toml").read_text("utf-8"))


@dataclass(frozen=True, slots=True)
class IntakePolicy:
    """What a ticket of one kind collects and how it is handled."""

    kind: str
    emergency: bool
    needs_address: bool
    asks_temperature: bool
    open_before_address: bool
    escalate: bool


POLICIES: dict[Intent, IntakePolicy] = {
    Intent(name): IntakePolicy(**fields) for name, fields in _DATA["policy"].items()
}


def policy(intent: Intent) -> IntakePolicy | None:
    """The intake policy of a ticket-opening intent, None for intents that open no ticket."""
    return POLICIES.get(intent)


def safety_advice(intent: Intent, lang: Lang) -> str | None:
    """Safety advice for a leak or burst in the resident's language, None for other intents."""
    advice = _DATA["safety"].get(intent.value)
    if advice is None:
        return None
    if lang is Lang.EN:
        return str(advice["en"])
    text = str(advice["zh-Hans"])
    return to_traditional(text) if lang is Lang.ZH_HANT else text
