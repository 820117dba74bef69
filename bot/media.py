"""Photos, locations and shared phone numbers; and the polite answers to what the bot cannot read."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot import lookups, slots
from bot.replies import Location, Photo, Picture, Reply, SharedContact, Unsupported
from bot.turn import Turn
from intents import classify
from intents.entities import phone_e164, phone_said
from intents.repair_news import repair_news
from intents.types import Lang
from storage import call_numbers, contacts, numbers, tickets
from storage.values import Channel

_UNSUPPORTED_KEYS = {"voice": "input.voice", "audio": "input.voice", "video_note": "input.voice"}


async def keep(turn: Turn, item: Photo | Location | Picture) -> list[Reply]:
    """Attach to the ticket in progress or the newest open one; otherwise keep it until a ticket opens. A picture
    texted to us is said to be kept but unseen: nobody can look at it by SMS, so the words are asked for."""
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
        if isinstance(item, Picture):
            return [turn.say("input.picture")]
        return [turn.say("report.media_with_report" if turn.conv.draft else "report.media_kept")]
    await tickets.attach(turn.services.store, number=number, contact_id=turn.contact.id, kind=kind, data=data)
    key = "input.picture_attached" if isinstance(item, Picture) else "report.media_attached"
    return [turn.say(key, number=number)]


async def keep_captioned(
    turn: Turn, item: Photo | Picture, answer_words: Callable[[], Awaitable[list[Reply]]]
) -> list[Reply]:
    """A photo with words: the words are answered as if typed, the photo goes with the ticket they open or are about.
    The resident is told it was kept only when the words made no report ("红旗小区4栋1单元201 暖气片接口漏水" opens the
    emergency with the photo on it: asking what the problem is would be absurd). Words that only say what the photo
    of an open repair shows ("这是暖气片", "暖气片冰凉") reach its staff with the photo, once, and are not a second
    report."""
    caption = (item.caption or "").strip()
    idle = not turn.conv.draft
    kept = await keep(turn, item)
    kind, data = as_attachment(item)
    entry = {"kind": kind, "data": data}
    if entry not in turn.conv.media:  # attached to a ticket already
        if idle and caption and await _shows_it(turn, caption):
            return kept  # "这是暖气片": the words go to its staff with the photo, nothing more to do
        return kept + await answer_words()
    replies = await answer_words()
    if entry not in turn.conv.media:  # the words opened a ticket, which took the photo
        return replies
    if turn.conv.draft:  # the words began a report: the photo goes with it
        return [turn.say("report.media_with_report"), *replies]
    return kept + replies


async def _shows_it(turn: Turn, caption: str) -> bool:
    """The caption of a photo attached to the newest open ticket says what it shows, nothing new: the same fault
    again, or words with nothing to act on (no emergency, no news of the repair, no question, no address)."""
    c = classify(caption)
    if c.emergency or c.worsening or c.arrived or c.settled or c.asks_after or repair_news(c) is not None:
        return False
    said = c.entities
    if said.building or said.room or said.ticket or said.phone or said.temperature_c is not None:
        return False
    store = turn.services.store
    open_tickets = await tickets.of_contact(store, contact_id=turn.contact.id, following=True)
    same = bool(open_tickets) and c.intent.value == open_tickets[0].kind.value and not c.unsure
    return same or slots.nothing_to_act_on(c) or c.intent in slots.SMALL_TALK


def as_attachment(item: Photo | Location | Picture) -> tuple[str, dict[str, Any]]:
    if isinstance(item, Photo):
        data = {"file_id": item.file_id}
        if item.caption and item.caption.strip():  # what they wrote with it goes to staff with the photo
            data["caption"] = item.caption.strip()
        return "photo", data
    if isinstance(item, Picture):  # Twilio keeps it at its URL: staff can open it from the ticket's log
        return "picture", {"urls": list(item.urls)}
    return "location", {"lat": item.latitude, "lon": item.longitude}


async def save_phone(turn: Turn, shared: SharedContact, *, typed: bool = False) -> list[Reply]:
    """A phone number the resident shared (Telegram proved it theirs) links their chats and calls; one they `typed`
    is kept for staff to call them on, as typed, and links nothing: it never replaces one Telegram proved, and is the
    number staff call first about their repair instead (`call_on`)."""
    digits = "".join(ch for ch in shared.phone if ch.isdigit())
    if not 7 <= len(digits) <= 15:
        return [turn.say("input.media")]
    phone = f"+{digits}"
    proved = proved_phone(turn) if typed else None
    if proved == phone:  # the number they proved, typed again: nothing changes
        return [turn.say("report.contact_saved", phone=phone)]
    if proved is not None:
        return await call_on(turn, phone, proved)
    turn.contact = await contacts.update(
        turn.services.store, contact_id=turn.contact.id, phone=phone, phone_typed=typed
    )
    return [turn.say("report.contact_saved_typed" if typed else "report.contact_saved", phone=phone)]


def proved_phone(turn: Turn) -> str | None:
    """The resident's phone when Telegram proved it theirs (shared with its contact button), else None."""
    phone = turn.contact.phone
    return phone if phone and not turn.contact.phone_typed and typing_channel(turn) else None


async def call_on(turn: Turn, phone: str, proved: str) -> list[Reply]:
    """A number typed by a resident whose phone Telegram proved: that phone stays theirs (it finds their tickets when
    they call or text), and this one is the number staff call first about the report they are making, else about
    their open repairs, else about the next report they make; they are told which, and that the proved one stays."""
    kept = {"phone": phone, "proved": proved}
    draft = turn.conv.draft
    if draft and not draft.get("ticket"):  # the report in progress: its ticket gets it when it opens
        turn.conv.call_on = phone
        return [turn.say("report.call_on_report", **kept)]
    store = turn.services.store
    mine = [str(draft["ticket"])] if draft.get("ticket") else []
    mine = mine or [
        t.number for t in await tickets.of_contact(store, contact_id=turn.contact.id, following=True)
    ]
    if not mine:
        turn.conv.call_on = phone
        return [turn.say("report.call_on_next", **kept)]
    for number in mine:
        await call_numbers.call_on(
            store, number=number, contact_id=turn.contact.id, phone=phone, now=turn.now
        )
    listed = (", " if turn.lang is Lang.EN else "、").join(mine)
    return [turn.say("report.call_on_ticket", numbers=listed, **kept)]


async def call_on_opened(turn: Turn, number: str) -> list[Reply]:
    """The number the resident asked to be called on, given before the ticket `number` of their report was filed,
    now on it for its staff; what to tell them of it (nothing when there was none)."""
    phone, turn.conv.call_on = turn.conv.call_on, None
    proved = proved_phone(turn)
    if phone is None or proved is None or phone == proved:
        return []
    store = turn.services.store
    await call_numbers.call_on(store, number=number, contact_id=turn.contact.id, phone=phone, now=turn.now)
    return [turn.say("report.call_on_opened", number=number, phone=phone, proved=proved)]


def typing_channel(turn: Turn) -> bool:
    """A chat, whose channel does not know the resident's phone: a phone they give there is typed, unproved."""
    return turn.identity.channel in (Channel.TELEGRAM, Channel.CONSOLE)


async def phone_given(turn: Turn, words: str) -> str | None:
    """The resident's phone number in these words, in E.164 (a local number is of the company's city); None when
    there is none, when it is one of the company's own (the hotline they called), or when it is called a ticket's
    ("工单83251234") or is the number of a ticket of theirs (a landline's shape with a ticket's check digit)."""
    company = turn.services.company
    phone = phone_e164(words, company.hotlines[0].number)
    ours = {company.complaint_phone, *(h.number for h in company.hotlines)}
    ours |= {b.duty_phone for b in company.branches} | {c.phone for c in company.crews}
    if phone is None or phone in ours:
        return None
    digits = phone_said(words) or ""
    if numbers.is_valid(digits) and await lookups.own_ticket(turn, digits) is not None:
        return None
    return phone


async def keep_phone_said(turn: Turn, words: str) -> None:
    """A phone number said in a report's or complaint's words ("3栋2单元501 暖气不热 电话13812345678", "call me on 139
    0000 0001"), in a chat that knows no phone of the resident's: kept as one typed alone is (`save_phone`), unproved
    and linking nothing, for staff to call them on (the card shows it); in a chat whose phone Telegram proved, another
    number said is the one staff call first about this report (`call_on_opened` puts it on its ticket). An address's
    numbers are none."""
    proved = proved_phone(turn)
    if not typing_channel(turn) or (turn.contact.phone and proved is None):
        return
    phone = await phone_given(turn, words)
    if phone is not None and proved is not None:
        if phone != proved:
            turn.conv.call_on = phone
        return
    if phone is not None:
        turn.contact = await contacts.update(
            turn.services.store, contact_id=turn.contact.id, phone=phone, phone_typed=True
        )


def unsupported(turn: Turn, item: Unsupported) -> list[Reply]:
    """Stickers, voice notes, videos, files, edited messages, group chats: say what works instead."""
    key = _UNSUPPORTED_KEYS.get(item.kind) or f"input.{item.kind}"
    if item.kind not in ("sticker", "edited", "group", "voice", "audio", "video_note"):
        key = "input.media"
    return [turn.say(key, hotline=turn.hotline())]
