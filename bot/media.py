"""Photos, locations and shared phone numbers; and the polite answers to what the bot cannot read."""

from __future__ import annotations

from typing import Any

from bot.replies import Location, Photo, Reply, SharedContact, Unsupported
from bot.turn import Turn
from storage import contacts, tickets

_UNSUPPORTED_KEYS = {"voice": "input.voice", "audio": "input.voice", "video_note": "input.voice"}


async def keep(turn: Turn, item: Photo | Location) -> list[Reply]:
    """Attach to the ticket in progress or the newest open one; otherwise keep it until a ticket opens."""
    kind, data = as_attachment(item)
    number = turn.conv.draft.get("ticket")
    if number is None and not turn.conv.draft:
        store = (
            turn.services.store
        )  # also a repair of their flat another resident reported, which they follow
        open_tickets = await tickets.of_contact(store, contact_id=turn.contact.id, following=True)
        number = open_tickets[0].number if open_tickets else None
    if number is None:
        turn.conv.media = [*turn.conv.media[-9:], {"kind": kind, "data": data}]
        return [turn.say("report.media_with_report" if turn.conv.draft else "report.media_kept")]
    await tickets.attach(turn.services.store, number=number, contact_id=turn.contact.id, kind=kind, data=data)
    return [turn.say("report.media_attached", number=number)]


def as_attachment(item: Photo | Location) -> tuple[str, dict[str, Any]]:
    if isinstance(item, Photo):
        return "photo", {"file_id": item.file_id}
    return "location", {"lat": item.latitude, "lon": item.longitude}


async def save_phone(turn: Turn, shared: SharedContact) -> list[Reply]:
    """A phone number the resident shared links their chats and calls."""
    digits = "".join(ch for ch in shared.phone if ch.isdigit())
    if not 7 <= len(digits) <= 15:
        return [turn.say("input.media")]
    phone = f"+{digits}"
    turn.contact = await contacts.update(turn.services.store, contact_id=turn.contact.id, phone=phone)
    return [turn.say("report.contact_saved", phone=phone)]


def unsupported(turn: Turn, item: Unsupported) -> list[Reply]:
    """Stickers, voice notes, videos, files, edited messages, group chats: say what works instead."""
    key = _UNSUPPORTED_KEYS.get(item.kind) or f"input.{item.kind}"
    if item.kind not in ("sticker", "edited", "group", "voice", "audio", "video_note"):
        key = "input.media"
    return [turn.say(key, hotline=turn.hotline())]
