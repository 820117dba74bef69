"""Repair reports: no heat, leak, burst — collect what the intake policy needs, then open the ticket."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from bot import callbacks as cb
from bot import lookups, state
from bot.replies import Reply
from bot.turn import Turn
from intents import extract_entities, intake, parse_address, standards
from intents.entities import ESTATE_LEAD, in_estate_of
from intents.normalize import prepare, simplified
from intents.types import Address, Classification, Intent
from storage import contacts, tickets
from storage.errors import IllegalTransition
from storage.values import REPAIR_KINDS, Priority, Status, TicketInfo, TicketKind

_NUMBER_WORDS = re.compile(r"[a-z]+(?:[ -][a-z]+)?")
_BARE_NUMBER = re.compile(r"^\s*(-?\d{1,2}(?:\.\d)?)\s*$")
_QUOTE_CHARS = 120
_ADDRESS_CHARS = 200  # the store keeps at most 500; a whole long message is not an address
_MAX_PIECES = 3  # an address sent in parts: the last three put together
_UNREAD_NOTE = "address not confirmed: the resident's own words, not understood by the bot"


def quote(text: str) -> str:
    """The resident's words shortened for echoing back."""
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1] + "…"


def read_address(text: str) -> Address | None:
    """The address in the resident's words, its raw text cut to a sensible length."""
    address = parse_address(text)
    if address is None or len(address.raw) <= _ADDRESS_CHARS:
        return address
    return dataclasses.replace(address, raw=address.raw[:_ADDRESS_CHARS])


def address_to_dict(address: Address | None) -> dict[str, Any] | None:
    return dataclasses.asdict(address) if address else None


def address_from_dict(data: dict[str, Any] | None) -> Address | None:
    return Address(**data) if data else None


def saved_address(turn: Turn) -> Address | None:
    """The address saved on the contact, if any."""
    c = turn.contact
    return Address(c.address_raw, c.building, c.unit, c.room) if c.address_raw else None


async def start(turn: Turn, classification: Classification, *, insist: bool = False) -> list[Reply]:
    """A new report: safety advice first for emergencies, then the ticket or the first question."""
    policy = intake.policy(classification.intent)
    assert policy is not None
    address = read_address(classification.text)
    if not (address and address.complete):  # an emergency told mid-report opens at the address already given
        address = address_from_dict(turn.conv.draft.get("address")) or address
    turn.conv.draft = {
        "intent": classification.intent.value,
        "text": classification.text,
        "temperature_c": classification.entities.temperature_c,
        "address": address_to_dict(address if address and address.complete else None),
    }
    replies: list[Reply] = []
    advice = intake.safety_advice(classification.intent, turn.lang)
    if policy.emergency and advice:
        replies.append(Reply(advice))
    if classification.intent is Intent.NO_HEAT and not insist:
        season = standards.season_state(turn.services.company, turn.today())
        if not season.on:
            turn.conv.step = state.OFFSEASON
            return [*replies, offseason(turn, season)]
    if classification.intent is Intent.NO_HEAT:
        mended = await _mended_lately(turn, address)
        if mended is not None:  # "修完了还是不热": the repair did not hold, its ticket is opened again
            return replies + await _reopen(turn, mended, classification.text)
    if policy.emergency:
        escape = await lookups.open_escape(turn)
        if escape is not None:  # a leak that now bursts is the same emergency: its ticket, one crew
            turn.conv.draft["intent"] = escape.kind.value
        return replies + await open_now(turn)
    if await _repeat_of_open(turn, TicketKind(policy.kind), address):
        return replies + await open_now(turn)  # "暖气还是不热啊": onto the open repair at once, no questions
    return replies + await next_question(turn)


async def _repeat_of_open(turn: Turn, kind: TicketKind, address: Address | None) -> bool:
    """The resident has an open ticket of this kind for this flat (or names no flat): a repeat of it."""
    place = tickets.place_of(address if address and address.complete else None)
    return any(t.kind is kind and t.of_flat(place) for t in await lookups.open_repairs(turn))


REOPEN_WITHIN = dt.timedelta(hours=72)  # cold again this soon after a repair: the same fault


async def _mended_lately(turn: Turn, address: Address | None) -> TicketInfo | None:
    """The resident's no-heat ticket marked fixed in the last 72 hours, at this address when one is given."""
    for ticket in await lookups.of_resident(turn, open_only=False):
        resolved = ticket.status_times.get(Status.RESOLVED.value)
        if ticket.kind is not TicketKind.NO_HEAT or ticket.status is not Status.RESOLVED or resolved is None:
            continue
        here = address is None or (address.building, address.room) == (ticket.building, ticket.room)
        if here and turn.now - resolved <= REOPEN_WITHIN:
            return ticket
    return None


async def _reopen(turn: Turn, ticket: TicketInfo, text: str) -> list[Reply]:
    """Cold again after a repair: the ticket opened again (as the "still cold" button does), the words on it."""
    store = turn.services.store
    try:
        await tickets.transition(
            store, number=ticket.number, to=Status.REOPENED, actor="resident", now=turn.now
        )
    except IllegalTransition:  # moved on meanwhile (closed by staff): a new report instead
        return await next_question(turn)
    owner = lookups.reporter(turn, ticket)
    await tickets.add_report(store, number=ticket.number, contact_id=owner, description=text, now=turn.now)
    turn.conv.reset()
    return [turn.say("rating.reopened", number=ticket.number)]


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
    """Ask for the next missing piece, or confirm when everything is there."""
    draft = turn.conv.draft
    policy = intake.policy(Intent(draft["intent"]))
    assert policy is not None
    if policy.needs_address and not draft.get("address"):
        return [ask_address(turn)]
    if policy.asks_temperature and draft.get("temperature_c") is None and not draft.get("skip_temp"):
        turn.conv.step = state.TEMPERATURE
        return [turn.say("report.ask_temperature", turn.option("report.skip_temperature", cb.SKIP_TEMP))]
    turn.conv.step = state.CONFIRM
    return [confirmation(turn)]


def ask_address(turn: Turn, *, offer_saved: bool = True) -> Reply:
    """Ask for the address, offering the saved one as a button (unless the resident just said it is not that)."""
    turn.conv.step = state.ADDRESS
    saved = saved_address(turn) if offer_saved else None
    key = "report.emergency_ask_address" if turn.conv.draft.get("ticket") else "report.ask_address"
    if not saved:
        return turn.say(key)
    label = quote(saved.raw)
    return Reply(
        f"{turn.t(key)}\n{turn.t('report.ask_address_saved', address=label)}",
        (turn.option("report.use_saved", cb.USE_SAVED, address=label),),
    )


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
        kind=turn.t(f"kind.{draft['intent']}"),
        address=quote(draft["address"]["raw"]),
        temperature=shown or turn.t("report.temperature_unknown"),
        description=quote(draft.get("text") or turn.t(f"kind.{draft['intent']}")),
    )


async def receive_address(turn: Turn, text: str) -> list[Reply]:
    """The resident's answer to "what is the address?", whole or in pieces ("凯旋小区", then "5栋1单元302")."""
    draft = turn.conv.draft
    address = read_address(text)
    piece = " ".join(text.split())[:_ADDRESS_CHARS]
    pieces = draft.get("address_pieces", [])
    whole = read_address(" ".join([*pieces, piece][-_MAX_PIECES:])) if pieces else None
    if address is not None and address.complete and pieces:  # "5栋1单元302" after "凯旋小区": in that estate
        address = in_estate_of(Address(raw=pieces[0]), address)
    for found in (address, whole):
        if found is not None and found.complete:  # "501" after "红旗小区 3栋2单元"
            draft.pop("address_pieces", None)
            return await accept_address(turn, found)
    if address is not None or _names_estate(text):  # a part of an address, or an estate: kept
        pieces = [*pieces, piece][-_MAX_PIECES:]
        whole = read_address(" ".join(pieces))
    read = whole or address
    number = draft.get("ticket")
    if number and (pieces or _looks_like_address(text)):
        more = address is not None or _names_estate(text)  # part of an address: the rest may follow
        return await keep_unread_address(turn, number, " ".join(pieces) or piece, read, more=more)
    draft["address_pieces"] = pieces
    return [_ask_rest(turn, text, pieces, read)]


def _ask_rest(turn: Turn, text: str, pieces: list[str], read: Address | None) -> Reply:
    """What is still missing of an address, with what was noted so far."""
    missing = "missing_both"
    if read and read.building:
        missing = "missing_room"
    elif read and read.room:
        missing = "missing_building"
    if pieces:
        return turn.say(
            "report.address_so_far", so_far=quote(" ".join(pieces)), missing=turn.t(f"report.{missing}")
        )
    return turn.say("report.address_unreadable", text=quote(text), missing=turn.t(f"report.{missing}"))


def _names_estate(text: str) -> bool:
    return ESTATE_LEAD.match(simplified(text)) is not None


# What an address is written with: numbers, 号/路/街/楼…, "room", "street"; "我妈家也漏了" has none of it.
_ADDRESS_WORDS = re.compile(
    r"\d|[号路街楼栋巷村院区屯弄]|旁边|对面|后面|门口|隔壁|附近|平房"
    r"|\b(?:room|building|bldg|block|street|st|road|rd|flat|apt|house|cottage|gate|door|floor|corner|next to"
    r"|opposite|behind|across from)\b"
)


def _looks_like_address(text: str) -> bool:
    return _names_estate(text) or _ADDRESS_WORDS.search(simplified(text).lower()) is not None


async def accept_address(turn: Turn, address: Address) -> list[Reply]:
    """Keep the address on the contact and on the report (or the ticket already open)."""
    turn.contact = await contacts.update(turn.services.store, contact_id=turn.contact.id, address=address)
    number = turn.conv.draft.get("ticket")
    if number:
        await address_emergency(turn, number, address)
        turn.conv.reset()
        return [turn.say("report.address_added", address=quote(address.raw), number=number)]
    turn.conv.draft["address"] = address_to_dict(address)
    return await next_question(turn)


async def keep_unread_address(
    turn: Turn, number: str, text: str, read: Address | None, *, more: bool = False
) -> list[Reply]:
    """An open emergency is not held up by an address the parser cannot read ("东岭小区平房17号"): the words go onto
    the ticket as they are, flagged for its staff like an address a caller did not confirm, and the resident is
    thanked. Not saved on the contact: it may be wrong. With `more` (part of an address: "凯旋小区 5栋"), the rest
    is asked for once, and the whole address replaces these words when it comes."""
    raw = " ".join(text.split())[:_ADDRESS_CHARS]
    address = dataclasses.replace(read, raw=raw) if read else Address(raw=raw)
    await address_emergency(turn, number, address)
    if not turn.conv.draft.get("address_noted"):
        await tickets.add_note(
            turn.services.store, number=number, actor="bot", text=_UNREAD_NOTE, now=turn.now
        )
    if more and not turn.conv.draft.get("address_noted"):  # asked once: "5栋1单元302" may follow "凯旋小区"
        turn.conv.draft.update(address_noted=True, address_pieces=[raw])
        return [turn.say("report.address_kept_more", address=quote(raw), number=number)]
    turn.conv.reset()
    return [turn.say("report.address_kept", address=quote(raw), number=number)]


async def address_emergency(turn: Turn, number: str, address: Address) -> TicketInfo:
    """The address goes onto the open emergency; one in an estate of another branch is handed to that branch
    first, so its duty staff get the ticket and the address."""
    store = turn.services.store
    ticket = await tickets.get(store, number=number)
    serving = turn.services.company.branch_for_address(address.raw)
    if ticket is not None and ticket.is_open and serving is not None and serving.code != ticket.branch:
        await tickets.hand_off(
            store, number=number, branch=serving.code, actor="resident", note=address.raw, now=turn.now
        )
    return await tickets.update_address(
        store, number=number, contact_id=turn.contact.id, address=address, now=turn.now
    )


def reading_in(text: str) -> float | None:
    """A room reading in an answer to "how warm is it?": "15", "十七八度" (17), "sixteen", "15.5 degrees"."""
    value = extract_entities(text).temperature_c
    if value is not None:
        return value
    bare = _BARE_NUMBER.match(prepare(text))  # "15", "十六"
    if bare:
        return float(bare[1])
    if _NUMBER_WORDS.fullmatch(text.strip().lower()):  # "sixteen", "twenty-one": the degrees are implied
        return extract_entities(f"{text.strip()} degrees").temperature_c
    return None


def advice_again(turn: Turn, intent: Intent) -> Reply:
    """The safety advice of an emergency, said again (a question asked while it waits for its address)."""
    return Reply(intake.safety_advice(intent, turn.lang) or turn.t("report.emergency_ask_address"))


async def receive_temperature(turn: Turn, text: str) -> list[Reply]:
    """The resident's answer to "how warm is it?"."""
    value = reading_in(text)
    if value is None or not -30 <= value <= 40:
        return [
            turn.say("report.temperature_unreadable", turn.option("report.skip_temperature", cb.SKIP_TEMP))
        ]
    turn.conv.draft["temperature_c"] = value
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
    ticket, created = await _file(turn, intent, policy, address)
    await attach_media(turn, ticket)
    if address and not await tickets.for_another_flat(turn.services.store, ticket=ticket):
        # A second flat (a parent's) gets its own ticket; it is not the resident's own address.
        turn.contact = await contacts.update(turn.services.store, contact_id=turn.contact.id, address=address)
    turn.conv.reset()
    if not created:
        return [already_open(turn, ticket)]
    if policy.emergency:
        reply = turn.say("report.opened_emergency", **promise(turn, ticket))
        if address is None:
            turn.conv.draft = {"intent": intent.value, "ticket": ticket.number}
            return [reply, ask_address(turn)]
        return [reply]
    return [turn.say("report.opened", **promise(turn, ticket))]


async def _file(
    turn: Turn, intent: Intent, policy: intake.IntakePolicy, address: Address | None
) -> tuple[TicketInfo, bool]:
    """The report filed: a new ticket (True), or added to the resident's open one of its kind (False), also
    one they reported by calling from the phone they now text from."""
    store, kind = turn.services.store, TicketKind(policy.kind)
    report: dict[str, Any] = {
        "address": address,
        "description": turn.conv.draft.get("text") or turn.t(f"kind.{intent.value}"),
        "temperature_c": turn.conv.draft.get("temperature_c"),
        "escalate": policy.emergency or policy.escalate,
        "escalation_reason": intent.value if policy.emergency else None,
        "now": turn.now,
    }
    twin = await lookups.reported_by_call(turn, kind, tickets.place_of(address))
    if twin is not None:
        merged = await tickets.merge_report(store, number=twin.number, **report)
        if merged is not None:
            return merged, False
    return await tickets.open_ticket(
        store,
        kind=kind,
        priority=Priority.EMERGENCY if policy.emergency else Priority.NORMAL,
        contact_id=turn.contact.id,
        branch=turn.services.branch_for(address.raw if address else turn.contact.address_raw).code,
        **report,
    )


def promise(turn: Turn, ticket: TicketInfo) -> dict[str, object]:
    return {
        "number": ticket.number,
        "minutes": turn.services.company.commitments.on_site_minutes,
        "due": turn.local(ticket.due_at),
    }


async def pass_on(turn: Turn, ticket: TicketInfo, text: str, reply: str = "report.settled") -> list[Reply]:
    """The resident's words about their open repair ("不用来了", "师傅到了") added to it for its staff, who decide;
    `reply` is what the resident is told."""
    owner = lookups.reporter(turn, ticket)
    await tickets.add_report(
        turn.services.store, number=ticket.number, contact_id=owner, description=text, now=turn.now
    )
    return [turn.say(reply, number=ticket.number)]


async def chase(turn: Turn, found: list[TicketInfo], text: str) -> list[Reply]:
    """A resident complaining of the wait for their crew: their words go onto the newest open repair for its staff
    (a complaint about a repair belongs on it), and they see where their repairs stand."""
    repairs = [t for t in found if t.kind in REPAIR_KINDS]
    late = [t for t in repairs if t.awaiting_crew and t.due_at < turn.now]  # the one the wait is about
    repair = next(iter(late or repairs), None)
    if repair is None:
        return await lookups.my_repairs(turn, found)
    owner = lookups.reporter(turn, repair)
    await tickets.add_report(
        turn.services.store, number=repair.number, contact_id=owner, description=text, now=turn.now
    )
    return [*await lookups.my_repairs(turn, found), turn.say("report.chased", number=repair.number)]


def already_open(turn: Turn, ticket: TicketInfo) -> Reply:
    """A repeat report, added to the open ticket of its kind (staff are told); an emergency's says by when the
    crew is due."""
    if ticket.priority is Priority.EMERGENCY:
        due = lookups.promise(turn, ticket, "detail")
        return turn.say(
            "report.already_open_emergency",
            kind=turn.t(f"kind.{ticket.kind.value}"),
            number=ticket.number,
            status=turn.t(f"status.{ticket.status.value}"),
            promise=f"\n{due}" if due else "",
        )
    return turn.say(
        "report.already_open",
        kind=turn.t(f"kind.{ticket.kind.value}"),
        number=ticket.number,
        status=turn.t(f"status.{ticket.status.value}"),
    )


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
