"""The address of a report: read from the resident's words, whole or in pieces, kept on the contact and the draft,
and put onto an emergency opened before it was known (as written, when the bot cannot read it)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from bot import callbacks as cb
from bot import lookups, state
from bot.i18n import words
from bot.replies import Reply
from bot.turn import Turn
from intents import extract_entities, parse_address
from intents.addresses import ESTATE_LEAD
from intents.estates import names_place, same_estate, with_estate
from intents.normalize import normalize, simplified
from intents.types import Address
from storage import contacts, tickets
from storage.values import Status, TicketInfo

_QUOTE_CHARS = 120
ADDRESS_CHARS = 200  # the store keeps at most 500; a whole long message is not an address
MAX_PIECES = 5  # an address sent in parts ("凯旋小区", "5栋", "1单元", "302"): the last five put together
_UNREAD_NOTE = "address not confirmed: the resident's own words, not understood by the bot"


def quote(text: str) -> str:
    """The resident's words shortened for echoing back."""
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1] + "…"


def read_address(turn: Turn, text: str) -> Address | None:
    """The address in the resident's words (with an estate the company serves named next to it), its raw text cut to
    a sensible length."""
    address = parse_address(text, places=turn.services.company.places)
    if address is None or len(address.raw) <= ADDRESS_CHARS:
        return address
    return dataclasses.replace(address, raw=address.raw[:ADDRESS_CHARS])


def address_to_dict(address: Address | None) -> dict[str, Any] | None:
    return dataclasses.asdict(address) if address else None


def address_from_dict(data: dict[str, Any] | None) -> Address | None:
    return Address(**data) if data else None


def saved_address(turn: Turn) -> Address | None:
    """The address saved on the contact, if any."""
    c = turn.contact
    return Address(c.address_raw, c.building, c.unit, c.room) if c.address_raw else None


def ask_rest(turn: Turn, text: str, pieces: list[str], read: Address | None) -> Reply:
    """What is still missing of an address, with what was noted so far."""
    if pieces:
        return turn.say("report.address_so_far", so_far=quote(" ".join(pieces)), missing=missing(turn, read))
    if knows_not(text):  # "不知道", "no idea": no address to read, what would do instead, or a person
        return turn.say("report.address_unknown", turn.option("menu.human", cb.MENU_HUMAN))
    return turn.say("report.address_unreadable", text=quote(text), missing=missing(turn, read))


def missing(turn: Turn, read: Address | None) -> str:
    """What an address read so far lacks, in words: its room, its building, or both."""
    part = "missing_both"
    if read and read.building:
        part = "missing_room"
    elif read and read.room:
        part = "missing_building"
    return turn.t(f"report.{part}")


def place_named(turn: Turn, text: str) -> str | None:
    """A place the company serves named in the words ("暖气不热，桂林小区" -> "桂林小区", "no heat in Guilin" ->
    "Guilin"), as the company names it; the longest when several are."""
    said = simplified(text).lower()
    for place in sorted(turn.services.company.places, key=len, reverse=True):
        name = simplified(place.strip()).lower()
        if name and (
            re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", said) if name.isascii() else name in said
        ):
            return place.strip()
    return None


def names_estate(text: str) -> bool:
    return ESTATE_LEAD.match(simplified(text)) is not None


def is_piece(text: str, address: Address | None) -> bool:
    """The words are a part of an address sent on its own, to keep until the rest comes: its estate ("凯旋小区"), its
    building ("5栋", read as `address`), or its unit alone ("1单元", "unit 1")."""
    return address is not None or names_estate(text) or extract_entities(text).unit is not None


ESTATE_FOR = "estate_for"  # the emergency whose flat came without its estate: the estate may follow
ESTATE_ANSWERED = "estate_answered"  # the estate asked before the card was answered (named, or not known)


async def estate_of_emergency(turn: Turn, text: str) -> list[Reply] | None:
    """The estate sent right after an emergency was told its flat without one ("5栋1单元302", then "凯旋小区"): put
    onto the ticket with the flat, which moves to the branch serving that estate; None for any other words."""
    store, number = turn.services.store, turn.conv.draft.get(ESTATE_FOR)
    ticket = await lookups.own_ticket(turn, number)  # a texter's reported by calling too
    if ticket is None or not ticket.is_open or not ticket.address_raw:
        return None
    told = Address(ticket.address_raw, ticket.building, ticket.unit, ticket.room)
    whole = with_estate(told, text, turn.services.company.places)
    if whole is None and not knows_not(text):
        return None
    elsewhere = turn.conv.draft.get("elsewhere")
    turn.conv.reset()
    if whole is None:  # "不知道": the ticket stays as it is
        return [turn.say("report.estate_unknown_kept", address=quote(told.raw), number=ticket.number)]
    if not elsewhere:  # another home's address is not the resident's own
        turn.contact = await contacts.update(store, contact_id=turn.contact.id, address=whole)
    await address_ticket(turn, ticket.number, whole)
    return [turn.say("report.address_added", address=quote(whole.raw), number=ticket.number)]


def lacks_estate(turn: Turn, address: Address | None) -> bool:
    """An address told without its estate ("5栋1单元302"): it names no estate, street or place the company serves."""
    return address is not None and not names_place(address, turn.services.company.places)


def ask_estate(turn: Turn, address: Address) -> Reply:
    """Which estate a report's flat told without one is in: its branch is chosen by it; a button for not knowing."""
    return turn.say(
        "report.ask_estate", turn.option("report.estate_unknown", cb.SKIP_ESTATE), address=quote(address.raw)
    )


def ask_emergency_estate(turn: Turn, number: str, address: Address, key: str) -> Reply:
    """Which estate an open emergency's flat told without one is in, asked once: the words sent next may name it
    (`estate_of_emergency`)."""
    turn.conv.draft = {ESTATE_FOR: number}
    return turn.say(key, address=quote(address.raw), number=number)


def knows_not(text: str) -> bool:
    """The words say the resident does not know ("不知道", "不清楚", "no idea")."""
    said = normalize(text).lower()
    return any(word in said for word in words("vocab.skip"))


async def keep_unread_address(
    turn: Turn, number: str, text: str, read: Address | None, *, more: bool = False
) -> list[Reply]:
    """An open emergency is not held up by an address the parser cannot read ("东岭小区平房17号"): the words go onto
    the ticket as they are, flagged for its staff like an address a caller did not confirm, and the resident is
    thanked. Not saved on the contact: it may be wrong. With `more` (part of an address: "凯旋小区", "5栋"), the rest
    is asked for, and the whole address replaces these words when it comes."""
    raw = " ".join(text.split())[:ADDRESS_CHARS]
    address = dataclasses.replace(read, raw=raw) if read else Address(raw=raw)
    await address_ticket(turn, number, address)
    if not turn.conv.draft.get("address_noted"):
        await tickets.add_note(
            turn.services.store, number=number, actor="bot", text=_UNREAD_NOTE, now=turn.now
        )
    if more:  # "5栋1单元302" may follow "凯旋小区": each piece kept as it comes, until the address is whole
        first = not turn.conv.draft.get("address_noted")
        turn.conv.draft.update(address_noted=True, address_pieces=[raw])
        if first:
            return [turn.say("report.address_kept_more", address=quote(raw), number=number)]
        rest = missing(turn, read)
        return [turn.say("report.address_kept_rest", address=quote(raw), number=number, missing=rest)]
    turn.conv.reset()
    return [turn.say("report.address_kept", address=quote(raw), number=number)]


async def address_ticket(turn: Turn, number: str, address: Address, *, by_phone: bool = False) -> TicketInfo:
    """The address goes onto the open ticket (an emergency opened without it, or one the resident corrects); one in
    an estate of another branch is handed to that branch first, so its staff get the ticket and the address. A
    correction typed soon after is about this ticket. `by_phone`: a ticket the texter reported by calling from the
    phone they text from (found so by the caller of this), not one of this contact's own."""
    turn.conv.remember(number, turn.now)
    store = turn.services.store
    ticket = await tickets.get(store, number=number)
    serving = turn.services.company.branch_for_address(address.raw)
    if ticket is not None and serving is not None and _moves(ticket, serving.code):
        await tickets.hand_off(
            store, number=number, branch=serving.code, actor="resident", now=turn.now, for_address=address.raw
        )
    owner = None if by_phone else turn.contact.id
    return await tickets.update_address(
        store,
        number=number,
        contact_id=owner,
        address=address,
        now=turn.now,
        same_estate=same_estate(address.raw, turn.services.company),  # a leak there: linked with its repair
    )


def _moves(ticket: TicketInfo, branch: str) -> bool:
    """The ticket goes to `branch`, which serves its address: open and another branch's, unless its crew is in the
    flat (the repair stays with the branch at work there)."""
    return ticket.is_open and ticket.status is not Status.ON_SITE and branch != ticket.branch


def ask_address(turn: Turn, *, offer_saved: bool = True) -> Reply:
    """Ask for the address, or, when one is saved, only whether it is that one (a button; any other address may be
    sent instead): one question, not two (unless the resident just said it is not that, or the report is of another
    home than theirs: "我妈家也漏水了")."""
    turn.conv.step = state.ADDRESS
    pieces = turn.conv.draft.get("address_pieces")
    if pieces and not turn.conv.draft.get("ticket"):  # "桂林小区2栋" told with the report: the rest is asked
        return ask_rest(turn, "", pieces, read_address(turn, " ".join(pieces)))
    elsewhere = bool(turn.conv.draft.get("elsewhere"))
    saved = saved_address(turn) if offer_saved and not elsewhere else None
    key = "report.emergency_ask_address" if turn.conv.draft.get("ticket") else "report.ask_address"
    if elsewhere:
        key = key.replace("report.", "report.elsewhere_")
    if not saved:
        return turn.say(key)
    label = quote(saved.raw)
    return turn.say(
        f"{key}_saved", turn.option("report.use_saved", cb.USE_SAVED, address=label), address=label
    )
