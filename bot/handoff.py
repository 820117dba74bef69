"""Talk to a person: queue the request to staff, relay what the resident says, come back on time-out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot import callbacks as cb
from bot.replies import Button, Inbound, Location, Photo, Reply, SharedContact, Text, Unsupported
from bot.turn import Turn
from storage import outbox
from storage.values import Audience, Channel


def active(turn: Turn) -> bool:
    """Whether staff, not the bot, are answering this chat right now."""
    until = turn.conv.handoff_until
    return until is not None and dt.datetime.fromisoformat(until) > turn.now


def expired(turn: Turn) -> bool:
    """A handoff that ran out without staff ending it."""
    return turn.conv.handoff_until is not None and not active(turn)


async def start(turn: Turn, text: str) -> list[Reply]:
    """Enter handoff: queue the request for staff and tell the resident the bot goes quiet."""
    until = turn.now + dt.timedelta(hours=turn.services.handoff_hours)
    turn.conv.handoff_until = until.isoformat()
    turn.conv.reset()
    await notify_staff(turn, "handoff.requested", {"text": text})
    return [turn.say("handoff.started", turn.option("handoff.end", cb.END_HANDOFF), hotline=turn.hotline())]


async def relay(turn: Turn, inbound: Inbound) -> list[Reply]:
    """Pass a message to staff without answering it."""
    await notify_staff(turn, "handoff.message", describe(inbound))
    return []


def end(turn: Turn) -> list[Reply]:
    """Leave handoff: the bot answers again."""
    turn.conv.handoff_until = None
    return [turn.say("handoff.ended", *turn.menu())]


def timed_out(turn: Turn) -> Reply:
    """Leave a handoff nobody answered, and say so."""
    turn.conv.handoff_until = None
    hours = turn.services.handoff_hours
    return turn.say(
        "handoff.timeout", hours=int(hours) if hours.is_integer() else hours, hotline=turn.hotline()
    )


def describe(inbound: Inbound) -> dict[str, Any]:
    """What the resident sent, as a notification payload."""
    match inbound:
        case Text(text=text):
            return {"text": text}
        case Photo(file_id=file_id, caption=caption):
            return {"photo": file_id, "text": caption or ""}
        case Location(latitude=lat, longitude=lon):
            return {"location": {"lat": lat, "lon": lon}}
        case SharedContact(phone=phone):
            return {"phone": phone}
        case Button(data=data):
            return {"button": data}
        case Unsupported(kind=kind):
            return {"unsupported": kind}
    return {}  # pragma: no cover


async def notify_staff(turn: Turn, event: str, payload: dict[str, Any]) -> None:
    """Queue a message for the staff of the resident's branch."""
    branch = turn.branch_for(turn.contact.address_raw)
    await outbox.enqueue(
        turn.services.store,
        audience=Audience.STAFF,
        channel=Channel.TELEGRAM,
        address=branch.code,  # like every staff notice: the worker resolves the branch's chat
        language=turn.contact.language,
        event=event,
        payload={
            **payload,
            "conversation": turn.identity.key,
            "contact_id": turn.contact.id,
            "channel": turn.identity.channel.value,
            "branch": branch.code,
        },
    )
