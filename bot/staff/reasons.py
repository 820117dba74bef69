"""Why a ticket was escalated, in the staff chat's language. The channels store a reason's code ("phone_emergency",
"hung_up:leak", "voicemail"); reasons stored in English words before codes are read as their codes. Pure, no I/O."""

from __future__ import annotations

import re

from bot.staff.texts import raw

# The English words the phone line stored before it stored codes.
_WORDS = {
    "emergency reported by phone": "phone_emergency",
    "voicemail: the duty phone did not answer": "voicemail",
    "the duty phone did not answer": "no_answer",
}
_HUNG_UP_WORDS = re.compile(r"^(\w+): the caller hung up before the address$")


def reason_text(lang: str, reason: str, *, no_number: bool = False) -> str:
    """A stored reason as staff read it (plain text); a reason of no known code is shown as it was given.
    `no_number`: the caller withheld their number, so a hang-up is never worded as a call back to make."""
    code = _WORDS.get(reason, reason)
    hung_up = _HUNG_UP_WORDS.match(code)
    if hung_up:
        code = f"hung_up:{hung_up[1]}"
    key, _, kind = code.partition(":")
    if key == "hung_up" and no_number:
        key = "hung_up_withheld"
    try:
        template = raw(lang, f"reason.{key}")
    except KeyError:
        return reason
    return template.format(kind=_kind(lang, kind)) if kind else template


def _kind(lang: str, kind: str) -> str:
    try:
        return raw(lang, f"kind.{kind}")
    except KeyError:
        return kind
