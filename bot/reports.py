"""Repair reports: no heat, leak, burst — collect what the intake policy needs, then open the ticket."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Any

from bot import callbacks as cb
from bot import calm, handoff, lookups, media, repeats, state
from bot.addresses import (
    ADDRESS_CHARS,
    ESTATE_ANSWERED,
    MAX_PIECES,
    address_from_dict,
    address_ticket,
    address_to_dict,
    ask_address,
    ask_emergency_estate,
    ask_estate,
    ask_rest,
    is_piece,
    keep_unread_address,
    knows_not,
    lacks_estate,
    place_named,
    quote,
    read_address,
)
from bot.descriptions import description, keep_words
from bot.news import already_open, followed
from bot.replies import Reply
from bot.turn import Turn
from intents import another_home, both_homes, intake, standards
from intents.addresses import in_estate_of, looks_like_address, words_beside
from intents.distress import in_distress
from intents.entities import extract_entities, reading_answer, says_more_than_a_reading
from intents.estates import estate_alone, same_estate, with_estate
from intents.types import Address, Classification, Intent
from storage import contacts, tickets
from storage.values import TOO_HOT, Priority, TicketInfo, TicketKind

_MISSED = "address_missed"  # the last answer to the address question added nothing to it
AS_TOLD = "address_as_told"  # the report's flat as the resident told it (no room number): staff confirm it
_AS_TOLD_NOTE = "address as the resident told it, without its room number: contact them to confirm it"
_BARE_ROOM = re.compile(r"\s*(\d{3,4})\s*(?:室|号|房)?\s*")


async def start(turn: Turn, classification: Classification, *, insist: bool = False) -> list[Reply]:
    """A new report: safety advice first for emergencies, then the ticket or the first question."""
    policy = intake.policy(classification.intent)
    assert policy is not None
    address = read_address(turn, classification.text)
    # "我妈家也漏水了": another home than the resident's own, never at their address, nor their own report's
    both = both_homes(classification.text)
    elsewhere = another_home(classification.text) or both
    if not (address and address.complete) and not elsewhere:  # an emergency told mid-report: at its address
        address = address_from_dict(turn.conv.draft.get("address")) or address
    if policy.emergency and not (address and address.complete) and not elsewhere:
        address = await repeats.own_flat(turn) or address  # "还有厨房也漏水" beside the open repair: its flat
    turn.conv.draft = {
        "intent": classification.intent.value,
        "text": classification.text,
        "temperature_c": classification.entities.temperature_c,
        "address": address_to_dict(address if address and address.complete else None),
    }
    if elsewhere:
        turn.conv.draft["elsewhere"] = True
    # "暖气不热，桂林小区2栋": the piece told is kept, only the rest of the address is asked
    piece = place_named(turn, classification.text) if address is None else address.raw
    if piece and not (address and address.complete):
        turn.conv.draft["address_pieces"] = [piece]
    own_opened = await _own_beside(turn, classification) if both else []
    hot = classification.intent is Intent.NO_HEAT and classification.too_hot
    if hot:  # "暖气太热了": a flat too hot, never asked or told anything as if it were cold
        turn.conv.draft["too_hot"] = True
    replies: list[Reply] = []
    advice = intake.safety_advice(classification.intent, turn.lang)
    if policy.emergency and advice:
        replies.append(Reply(advice))
    replies += own_opened
    # out of season, a cold radiator is normal (it is said so); one too hot is not
    if classification.intent is Intent.NO_HEAT and not insist and not hot:
        season = standards.season_state(turn.services.company, turn.today())
        if not season.on:
            turn.conv.step = state.OFFSEASON
            return [*replies, offseason(turn, season)]
    if classification.intent is Intent.NO_HEAT and not hot:
        mended = await repeats.mended_lately(turn, address, elsewhere=elsewhere)
        reading = classification.entities.temperature_c
        # "修完了还是不热": the repair did not hold, its ticket is opened again
        reopened = await repeats.reopen(turn, mended, classification.text, reading) if mended else None
        if reopened is not None:
            turn.conv.reset()
            turn.conv.remember(reopened.number, turn.now)
            return [*replies, repeats.reopened_reply(turn, reopened)]
    if policy.emergency:
        escape = await lookups.open_escape(turn, repeats.place(turn, address, elsewhere), elsewhere=elsewhere)
        if (
            escape is not None
        ):  # a leak that now bursts is the same emergency: its ticket (made a burst), one crew
            escape = await calm.burst_told(turn, escape, classification)
            turn.conv.draft["intent"] = escape.kind.value
        return replies + await open_now(turn)
    if await repeats.of_open(turn, TicketKind(policy.kind), address, elsewhere=elsewhere):
        return replies + await open_now(turn)  # "暖气还是不热啊": onto the open repair at once, no questions
    return replies + await next_question(turn)


async def _own_beside(turn: Turn, classification: Classification) -> list[Reply]:
    """ "我家和我妈家都漏了": the resident's own report waits while the other home's is taken, then comes back; an
    escape of their own opens at once (its notice returned) and only its address waits."""
    other = turn.conv.draft
    turn.conv.draft = {
        "intent": classification.intent.value,
        "text": classification.text,
        "temperature_c": None,
        "address": None,
    }
    opened: list[Reply] = []
    policy = intake.policy(classification.intent)
    if policy is not None and policy.emergency:
        opened = (await open_now(turn))[:1]  # its address question comes back after the other home's
    if turn.conv.draft:
        turn.conv.waiting = [*turn.conv.waiting, turn.conv.draft]
    turn.conv.reset()
    turn.conv.draft = other
    return opened


def offseason(turn: Turn, season: standards.SeasonState) -> Reply:
    """Outside the heating season: the dates, and a button to report all the same."""
    days = (season.start - turn.today()).days
    return turn.say(
        "report.offseason",
        turn.option("report.insist", cb.INSIST),
        turn.option("menu.back", cb.MENU_BACK),
        start=season.start.isoformat(),
        end=season.end.isoformat(),
        days=days,
    )


async def next_question(turn: Turn) -> list[Reply]:
    """Ask for the next missing piece, or confirm when everything is there; while staff answer the chat (a handoff),
    filed once its address is in: staff ask the rest."""
    draft = turn.conv.draft
    policy = intake.policy(Intent(draft["intent"]))
    assert policy is not None
    staffed = handoff.active(turn)
    if policy.needs_address and not draft.get("address"):
        return [ask_address(turn)]
    if (
        policy.asks_temperature
        and draft.get("temperature_c") is None
        and not draft.get("skip_temp")
        and not staffed
    ):
        turn.conv.step = state.TEMPERATURE
        question = "report.ask_temperature_hot" if draft.get("too_hot") else "report.ask_temperature"
        return [turn.say(question, turn.option("report.skip_temperature", cb.SKIP_TEMP))]
    address = address_from_dict(draft.get("address"))
    if address is not None and lacks_estate(turn, address) and not draft.get(ESTATE_ANSWERED):
        turn.conv.step = state.ESTATE  # "5栋1单元302": which estate, so the branch serving it has the report
        return [ask_estate(turn, address)]
    if staffed and not draft.get("ticket"):
        return await open_now(turn)
    turn.conv.step = state.CONFIRM
    return [confirmation(turn)]


def confirmation(turn: Turn) -> Reply:
    """Everything collected, in one message to confirm."""
    draft = turn.conv.draft
    temperature = draft.get("temperature_c")
    shown = turn.t("report.temperature_value", value=f"{temperature:g}") if temperature is not None else None
    return turn.say(
        "report.confirm",
        turn.option("report.confirm_yes", cb.CONFIRM_YES),
        turn.option("report.change_address", cb.CHANGE_ADDRESS),
        turn.option("report.cancel", cb.CONFIRM_NO),
        kind=turn.t(f"kind.{problem(draft)}"),
        address=quote(draft["address"]["raw"]),
        temperature=shown or turn.t("report.temperature_unknown"),
        description=description(turn, short=True),
    )


def problem(draft: dict[str, Any]) -> str:
    """What the report is about, as its texts name it: the intent, or "too_hot" for a flat too hot."""
    return (
        TOO_HOT
        if draft.get("too_hot") and draft.get("intent") == Intent.NO_HEAT.value
        else str(draft["intent"])
    )


async def receive_address(turn: Turn, text: str) -> list[Reply]:
    """The resident's answer to "what is the address?", whole or in pieces ("凯旋小区", then "5栋1单元302"); a phone
    number given with it ("…501 电话13812345678") is kept for staff to call."""
    await media.keep_phone_said(turn, text)
    # an emergency open already, its address being told: a number to call said with it goes onto it now
    number = turn.conv.draft.get("ticket")
    called = await media.call_on_opened(turn, str(number)) if number else []
    return [*called, *await _address_answer(turn, text)]


async def _address_answer(turn: Turn, text: str) -> list[Reply]:
    """The address (or a piece of it) in the answer to "what is the address?"."""
    draft = turn.conv.draft
    reading = extract_entities(text).temperature_c
    if reading is not None and draft.get("temperature_c") is None and -30 <= reading <= 40:
        draft["temperature_c"] = reading  # "1单元201 屋里12度": the reading told with the address is kept
    address = read_address(turn, text)
    # "5号楼3门402 家里有老人 快点": the words beside a whole address are the report's too
    beside = words_beside(text, address) if address is not None and address.complete else ""
    estate = estate_alone(text, turn.services.company.places)  # "凯旋小区", "红旗" (红旗小区), "Hongqi"
    piece = estate or " ".join(text.split())[:ADDRESS_CHARS]
    pieces = draft.get("address_pieces", [])
    whole = read_address(turn, " ".join([*pieces, piece][-MAX_PIECES:])) if pieces else None
    if address is not None and address.complete and pieces:  # "5栋1单元302" after "凯旋小区": in that estate
        places = turn.services.company.places
        address = with_estate(address, pieces[0], places) or in_estate_of(Address(raw=pieces[0]), address)
    if not (whole and whole.complete):  # "302" after "1单元 3楼 西户"
        whole = _room_after_floor(turn, pieces, text) or whole
    for found in (address, whole):
        if found is not None and found.complete:  # "501" after "红旗小区 3栋2单元"
            draft.pop("address_pieces", None)
            return await accept_address(turn, found, beside=beside if found is address else "")
    piece_told = estate is not None or is_piece(text, address)
    if piece_told:  # a part of an address ("5栋", "1单元"), or an estate: kept
        pieces = [*pieces, piece][-MAX_PIECES:]
        whole = read_address(turn, " ".join(pieces))
    read = whole or address
    number = draft.get("ticket")
    if number and (pieces or looks_like_address(text)):
        # part of an address: the rest may follow
        return await keep_unread_address(turn, number, " ".join(pieces) or piece, read, more=piece_told)
    if number and in_distress(
        text
    ):  # "好多水", "快来人啊", "好像爆了": reassured, the address asked again simply
        return await calm.at_address(turn, number, text)
    draft["address_pieces"] = pieces
    if pieces and not number and (knows_not(text) or (not piece_told and draft.get(_MISSED))):
        # "1单元 3楼 西户", then "不知道房间号" (or a second answer not understood): the flat as told, for staff to check
        told = " ".join(pieces)
        return await _as_told(turn, read_address(turn, told) or Address(raw=told), pieces)
    draft[_MISSED] = not piece_told
    return [ask_rest(turn, text, pieces, read)]


def _room_after_floor(turn: Turn, pieces: list[str], text: str) -> Address | None:
    """A room number sent alone after a flat told by its floor ("1单元 3楼 西户", then "302"): the flat with it."""
    room = _BARE_ROOM.fullmatch(text)
    told = read_address(turn, " ".join(pieces)) if pieces and room else None
    if room is None or told is None or not told.building or told.room:
        return None
    raw = " ".join([*pieces, text.strip()])[:ADDRESS_CHARS]
    return Address(raw, told.building, told.unit, room[1])


async def _as_told(turn: Turn, read: Address, pieces: list[str]) -> list[Reply]:
    """The report goes on with the flat as told ("普阳花园5栋 1单元 3楼 西户"), marked for its staff to confirm; not
    saved as the resident's address."""
    told = Address(" ".join(pieces)[:ADDRESS_CHARS], read.building, read.unit, read.room)
    draft = turn.conv.draft
    for key in ("address_pieces", _MISSED):
        draft.pop(key, None)
    draft.update(address=address_to_dict(told), **{AS_TOLD: True})
    return [turn.say("report.address_as_told", address=quote(told.raw)), *await next_question(turn)]


async def accept_address(turn: Turn, address: Address, *, beside: str = "") -> list[Reply]:
    """Keep the address on the contact (the resident's own, never another home's) and on the report (or the ticket
    already open); the words said `beside` it join the report's words, or go onto the open ticket for its staff."""
    elsewhere = bool(turn.conv.draft.get("elsewhere"))
    if not elsewhere:
        turn.contact = await contacts.update(turn.services.store, contact_id=turn.contact.id, address=address)
    number = turn.conv.draft.get("ticket")
    if number:
        ticket = await address_ticket(turn, number, address)
        told = await _words_beside(turn, ticket, beside)
        turn.conv.reset()
        if lacks_estate(turn, address):  # "5栋1单元302": the estate may follow ("凯旋小区"), asked for once
            key = "report.elsewhere_added_no_estate" if elsewhere else "report.address_added_no_estate"
            reply = ask_emergency_estate(turn, number, address, key)
            if elsewhere:
                turn.conv.draft["elsewhere"] = True
            return [*told, reply]
        return [*told, turn.say("report.address_added", address=quote(address.raw), number=number)]
    turn.conv.draft["address"] = address_to_dict(address)
    turn.conv.draft.pop(AS_TOLD, None)
    keep_words(turn.conv.draft, beside)
    return await next_question(turn)


async def _words_beside(turn: Turn, ticket: TicketInfo, words: str) -> list[Reply]:
    """Words said beside an open emergency's address ("家里有老人 快点"): onto the ticket for its duty staff, and the
    resident told so; nothing for a bare reading."""
    if not says_more_than_a_reading(words):
        return []
    await lookups.add_words(turn, ticket, words)
    return [turn.say("report.words_added", words=quote(words), number=ticket.number)]


def advice_again(turn: Turn, intent: Intent) -> Reply:
    """The safety advice of an emergency, said again (a question asked while it waits for its address)."""
    return Reply(intake.safety_advice(intent, turn.lang) or turn.t("report.emergency_ask_address"))


async def receive_temperature(turn: Turn, text: str) -> list[Reply]:
    """The resident's answer to "how warm is it?"."""
    value = reading_answer(
        text
    )  # "15", "十七八度" (17), "maybe around sixteen", "between 15 and 17 degrees" (15)
    heard = address_from_dict(turn.conv.draft.get("address"))
    whole = with_estate(heard, text, turn.services.company.places) if heard and value is None else None
    if whole is not None:  # "5栋1单元302", then "凯旋小区": the estate goes with the flat, the question stays
        turn.conv.draft["address"] = address_to_dict(whole)
        return [turn.say("report.estate_added", address=quote(whole.raw)), *await next_question(turn)]
    if value is None or not -30 <= value <= 40:
        return [
            turn.say("report.temperature_unreadable", turn.option("report.skip_temperature", cb.SKIP_TEMP))
        ]
    turn.conv.draft["temperature_c"] = value
    keep_words(turn.conv.draft, text)  # "屋里只有12度，老人冻得不行": the reading, and the words for staff
    return await next_question(turn)


async def skip_temperature(turn: Turn) -> list[Reply]:
    turn.conv.draft["skip_temp"] = True
    return await next_question(turn)


async def open_now(turn: Turn) -> list[Reply]:
    """Open the ticket for the draft (confirmed, or an emergency) and say what happens next."""
    draft = turn.conv.draft
    intent = Intent(draft["intent"])
    policy = intake.policy(intent)
    assert policy is not None
    limited = await over_limit(turn)
    if limited:
        turn.conv.reset()
        return limited
    address = address_from_dict(draft.get("address"))
    elsewhere = bool(draft.get("elsewhere"))
    # "3栋2单元501 暖气不热 电话13812345678": kept before the card goes out, staff have a number to call
    await media.keep_phone_said(turn, draft.get("text") or "")
    ticket, filed = await _file(turn, intent, policy, address, elsewhere=elsewhere)
    store = turn.services.store
    await attach_media(turn, ticket)
    called = await media.call_on_opened(turn, ticket.number)  # a number to call given with the report
    if draft.get(AS_TOLD):  # told by its floor, no room number: staff confirm it; not saved as the resident's
        await tickets.add_note(
            store, number=ticket.number, actor="bot", text=_AS_TOLD_NOTE, code=AS_TOLD, now=turn.now
        )
    if (
        address
        and not elsewhere
        and not draft.get(AS_TOLD)
        and (filed is Filed.FOLLOWED or not await tickets.for_another_flat(store, ticket=ticket))
    ):
        # A second flat (a parent's) gets its own ticket; it is not the resident's own address.
        turn.contact = await contacts.update(store, contact_id=turn.contact.id, address=address)
    turn.conv.reset()
    if filed is Filed.FOLLOWED:  # another resident of the flat reported it: one ticket, told to both
        return [followed(turn, ticket), *called]
    if filed is Filed.ADDED:
        return [already_open(turn, ticket), *called]
    turn.conv.remember(ticket.number, turn.now)
    if policy.emergency:
        reply = turn.say("report.opened_emergency", **promise(turn, ticket))
        if (
            address is None
        ):  # asked afterwards: that home's, when it is another's (never the saved one offered)
            pieces = " ".join(draft.get("address_pieces") or [])
            turn.conv.draft = {"intent": intent.value, "ticket": ticket.number}
            if elsewhere:
                turn.conv.draft["elsewhere"] = True
            if pieces:  # "暖气片漏水了 桂林小区2栋": onto the ticket at once, the rest asked
                turn.conv.step = state.ADDRESS
                read = read_address(turn, pieces)
                unread = await keep_unread_address(turn, ticket.number, pieces, read, more=True)
                return [reply, *called, *unread]
            return [reply, *called, ask_address(turn)]
        if lacks_estate(turn, address):  # "暖气片漏水了 5栋1单元302": as when told at the address question
            asked = ask_emergency_estate(turn, ticket.number, address, "report.emergency_ask_estate")
            return [reply, *called, asked]
        return [reply, *called]
    return [turn.say("report.opened", **promise(turn, ticket)), *called]


class Filed(StrEnum):
    """What became of a report: a new ticket; added to the resident's open one of its kind; or added to the open
    repair another resident reported of the same flat, which they follow from now on."""

    OPENED = "opened"
    ADDED = "added"
    FOLLOWED = "followed"


async def _file(
    turn: Turn, intent: Intent, policy: intake.IntakePolicy, address: Address | None, *, elsewhere: bool
) -> tuple[TicketInfo, Filed]:
    """The report filed: a new ticket, or added to the resident's open one of its kind (also one they reported by
    calling from the phone they now text from; of another home (`elsewhere`), never one of the resident's own
    home's), or to another resident's open repair of the same flat, in the same estate."""
    store, kind = turn.services.store, TicketKind(policy.kind)
    report: dict[str, Any] = {
        "address": address,
        "description": description(turn),
        "temperature_c": turn.conv.draft.get("temperature_c"),
        "escalate": policy.emergency or policy.escalate,
        "escalation_reason": intent.value if policy.emergency else None,
        "now": turn.now,
    }
    twin = await lookups.reported_by_call(
        turn, kind, repeats.place(turn, address, elsewhere), elsewhere=elsewhere
    )
    if twin is not None:
        merged = await tickets.merge_report(store, number=twin.number, **report)
        if merged is not None:
            return merged, Filed.ADDED
    ticket, created = await tickets.open_ticket(
        store,
        kind=kind,
        priority=Priority.EMERGENCY if policy.emergency else Priority.NORMAL,
        contact_id=turn.contact.id,
        branch=turn.branch_for(address.raw if address else turn.contact.address_raw).code,
        too_hot=bool(turn.conv.draft.get("too_hot")),
        elsewhere=elsewhere,
        answered=turn.answered,  # the number is in the reply: a texter is not texted it again
        same_estate=same_estate(address.raw, turn.services.company) if address else None,
        **report,
    )
    if created:
        return ticket, Filed.OPENED
    return ticket, Filed.ADDED if ticket.contact_id == turn.contact.id else Filed.FOLLOWED


def promise(turn: Turn, ticket: TicketInfo) -> dict[str, object]:
    return {
        "number": ticket.number,
        "minutes": turn.services.company.commitments.on_site_minutes,
        "due": turn.local(ticket.due_at),
    }


async def over_limit(turn: Turn) -> list[Reply]:
    """A polite refusal when this contact opened too many tickets in the last hour, else nothing."""
    since = turn.now - dt.timedelta(hours=1)
    recent = await tickets.of_contact(turn.services.store, contact_id=turn.contact.id, open_only=False)
    count = sum(1 for ticket in recent if ticket.created_at >= since)
    if count < turn.services.tickets_per_hour:
        return []
    text = turn.t("report.limit", count=count, hotline=turn.hotline())
    if turn.conv.draft.get("intent") in (Intent.LEAK.value, Intent.BURST.value):
        text += "\n" + turn.t("report.limit_emergency", hotline=turn.hotline())
    return [Reply(text, (turn.option("menu.human", cb.MENU_HUMAN),))]


async def attach_media(turn: Turn, ticket: TicketInfo) -> None:
    """Attach the photos and locations kept while the report was being collected."""
    for item in turn.conv.media:
        await tickets.attach(
            turn.services.store,
            number=ticket.number,
            contact_id=lookups.reporter(turn, ticket),
            kind=item["kind"],
            data=item["data"],
        )
    turn.conv.media = []
