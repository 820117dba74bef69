"""What a resident says of a repair already open: the crew has come, a visit is no longer needed, it is fixed, when
the crew may come, a cancel wished, the wait is too long, the same report again. Their words go onto the ticket for
its staff, who decide; the resident hears so, truthfully."""

from __future__ import annotations

import re

from bot import callbacks as cb
from bot import lookups, repeats, state
from bot.replies import Reply
from bot.turn import Turn
from intents import another_home, intake, parse_address
from intents.normalize import simplified
from intents.repair_news import COLDER, DONE, VISIT, repair_news
from intents.types import Classification, Intent
from storage import tickets
from storage.values import ESCAPE_KINDS, REPAIR_KINDS, Priority, Status, TicketInfo, TicketKind

_HAN_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")
_LATIN_WORD = re.compile(r"[a-z]{3,}")
_PLACE_CHARS = 48  # a button's label stays short, and keeps the room of most addresses
# what the resident hears of their news
_TOLD = {DONE: "report.done_told", VISIT: "report.visit_told", COLDER: "report.colder_told"}


async def pass_on(turn: Turn, ticket: TicketInfo, text: str, reply: str = "report.settled") -> list[Reply]:
    """The resident's words about their open repair ("不用来了") added to it for its staff, who decide; `reply` is
    what the resident is told (that staff may phone them, only to a resident with a number to call)."""
    await lookups.add_words(turn, ticket, text)
    if reply in _CALL_PROMISED and not turn.contact.phone:
        reply = f"{reply}_no_phone"
    return [turn.say(reply, number=ticket.number)]


# what the resident is told of words passed on that says staff may phone them: each has a `_no_phone` form
_CALL_PROMISED = frozenset(
    {"report.cancel_told", "report.emergency_cancel_told", "report.settled", "report.visit_told"}
)


async def new_reading(turn: Turn, text: str, reading: float) -> list[Reply] | None:
    """A room reading told on its own ("现在只有12度了") while the resident's no-heat repair is open: onto it as the
    room's reading now, as a repeat report's, for its staff; None when no such repair is open."""
    elsewhere = bool(another_home(text))
    repair = await repeats.open_one(turn, TicketKind.NO_HEAT, None, elsewhere=elsewhere)
    if repair is None:
        return None
    await lookups.add_words(turn, repair, text, temperature_c=reading)
    return [_reading_told(turn, repair, reading)]


def _reading_told(turn: Turn, repair: TicketInfo, reading: float) -> Reply:
    """What the resident hears of a reading put onto their repair: colder than when they reported it (worse), still
    below the norm (the repair goes ahead), or just noted."""
    shown, norm = turn.t("report.temperature_value", value=f"{reading:g}"), turn.services.company.commitments
    before = repair.temperature_c
    if before is not None and reading < before:
        was = turn.t("report.temperature_value", value=f"{before:g}")
        return turn.say("report.reading_colder", number=repair.number, temperature=shown, before=was)
    if reading < norm.min_room_temp_c:
        below = f"{norm.min_room_temp_c:g}"
        return turn.say("report.reading_below", number=repair.number, temperature=shown, norm=below)
    return turn.say("report.reading_added", number=repair.number, temperature=shown)


async def arrived(turn: Turn, ticket: TicketInfo, text: str) -> list[Reply]:
    """ "师傅到了" kept on the repair with its time: the 30-minute clock stops there, its staff are told to confirm."""
    owner = lookups.reporter(turn, ticket)
    await tickets.report_arrival(
        turn.services.store, number=ticket.number, contact_id=owner, description=text, now=turn.now
    )
    return [turn.say("report.arrived", number=ticket.number)]


async def crew_came(turn: Turn, text: str) -> list[Reply] | None:
    """ "师傅到了" noted on the repair the crew was sent to; with several open and not one crew sent (or crews sent to
    several), the resident is asked which one, in one short message; None when no repair is open."""
    return await _about_one(turn, text, "report.arrived")


async def about_repair(turn: Turn, c: Classification) -> list[Reply] | None:
    """ "不用来了", "暖气已经热了", "修好了", "能不能下午再来" passed on to the staff of the repair it is about, asked which
    with several open (never the newest guessed); None when the words are none of these or no repair is open."""
    told = news_told(c)
    return await _about_one(turn, c.text, told) if told else None


def news_told(c: Classification) -> str | None:
    """What the resident hears of their words about a repair under way (a visit no longer needed, it is fixed, when
    or how the crew may come, colder now) passed on to its staff; None when the words are none of these."""
    return "report.settled" if c.settled else _TOLD.get(repair_news(c) or "")


async def cancel_asked(turn: Turn, text: str) -> list[Reply] | None:
    """ "取消报修", "cancel my repair": the wish passed on to the staff of the repair it is about (staff decide; an
    emergency is not cancelled by a word), asked which with several open; None when no repair is open."""
    return await _about_one(turn, text, "report.cancel_told")


async def valve_closed(turn: Turn, text: str) -> list[Reply] | None:
    """ "水阀关上了", as the safety advice asks, while a leak or burst is open: news for its duty staff (the water is
    held; the crew still comes unless they say otherwise), the resident told so; None when none is open."""
    escape = await lookups.open_escape(turn)
    return await pass_on(turn, escape, text, "report.valve_closed_told") if escape is not None else None


async def _about_one(turn: Turn, text: str, reply: str) -> list[Reply] | None:
    """The resident's words go onto the one repair they are about: of another home when they say so ("我妈家那边…"),
    the one a crew was sent to for "the crew has come", the only one; else the resident is asked which."""
    repairs = [t for t in await lookups.open_repairs(turn) if t.kind in REPAIR_KINDS]
    if another_home(text):
        repairs = [t for t in repairs if t.elsewhere] or repairs
    if not repairs:
        return None
    came = reply == "report.arrived"
    sent = [t for t in repairs if t.status is Status.DISPATCHED] if came else []
    if len(sent) == 1 or len(repairs) == 1:
        return await _passed_on(turn, (sent or repairs)[0], text, reply)
    asked = sent or repairs  # crews on their way to several, or to none yet (staff may skip to on site)
    turn.conv.step = state.WHICH_REPAIR
    turn.conv.draft = {"arrived": text, "reply": reply, "repairs": [t.number for t in asked]}
    options = [turn.option("report.arrived_option", cb.came(t.number), **_shown(turn, t)) for t in asked]
    return [turn.say("report.arrived_which" if came else "report.which_repair", *options)]


async def _passed_on(turn: Turn, ticket: TicketInfo, text: str, reply: str) -> list[Reply]:
    """The crew's arrival kept with its time (the clock stops), or other words passed on to the repair's staff."""
    if reply == "report.arrived":
        return await arrived(turn, ticket, text)
    if reply == "report.cancel_told" and ticket.kind in ESCAPE_KINDS:
        reply = "report.emergency_cancel_told"
    return await pass_on(turn, ticket, text, reply)


def _shown(turn: Turn, ticket: TicketInfo) -> dict[str, str]:
    """What a repair is told apart by on a button: its address (or number) and its kind."""
    place = " ".join((ticket.address_raw or ticket.number).split())
    place = place if len(place) <= _PLACE_CHARS else place[: _PLACE_CHARS - 1] + "…"
    return {"place": place, "kind": turn.t(f"kind.{ticket.kind.value}")}


async def crew_came_to(turn: Turn, number: str) -> list[Reply]:
    """The answer to "which repair has the crew come to?" (or "…is no longer needed"): the words noted on that one."""
    step, said, asked = turn.conv.step, turn.conv.draft.get("arrived"), turn.conv.draft.get("repairs", [])
    reply = str(turn.conv.draft.get("reply", "report.arrived"))
    repair = next((t for t in await lookups.open_repairs(turn) if t.number == number), None)
    turn.conv.reset()
    if step != state.WHICH_REPAIR or not said or number not in asked or repair is None:
        return [turn.say("input.stale_button", *turn.menu())]
    return await _passed_on(turn, repair, said, reply)


async def which_typed(turn: Turn, text: str) -> list[Reply] | None:
    """A typed answer to "which repair?" that names one of them (its number, its flat, words of its address no other
    has); None when it names none or several: the words are then a new message."""
    asked = turn.conv.draft.get("repairs", [])
    candidates = [t for t in await lookups.open_repairs(turn) if t.number in asked]
    named = [t for t in candidates if _names(text, t, candidates)]
    return await crew_came_to(turn, named[0].number) if len(named) == 1 else None


def _names(text: str, ticket: TicketInfo, candidates: list[TicketInfo]) -> bool:
    if ticket.number in text:
        return True
    flat = parse_address(text)
    if flat is not None:  # "501", "3栋那个"
        said = ((flat.building, ticket.building), (flat.unit, ticket.unit), (flat.room, ticket.room))
        return all(part in (None, its) for part, its in said)
    others = {term for t in candidates if t is not ticket for term in _terms(t.address_raw or "")}
    return bool(_terms(text) & (_terms(ticket.address_raw or "") - others))


def _terms(text: str) -> set[str]:
    """The pairs of Chinese characters ("青年路" -> 青年, 年路) and the Latin words of some words."""
    said = simplified(text).lower()
    pairs = {said[i : i + 2] for i in range(len(said) - 1)}
    return {p for p in pairs if _HAN_PAIR.fullmatch(p)} | set(_LATIN_WORD.findall(said))


def waited_on(turn: Turn, found: list[TicketInfo]) -> TicketInfo | None:
    """The repair a complaint of the wait is about: the one whose crew is late, else the newest open repair."""
    repairs = [t for t in found if t.kind in REPAIR_KINDS]
    late = [t for t in repairs if t.awaiting_crew and t.due_at < turn.now]
    return next(iter(late or repairs), None)


async def chase(turn: Turn, found: list[TicketInfo], text: str) -> list[Reply]:
    """A resident complaining of the wait for their crew: their words go onto the newest open repair for its staff
    (a complaint about a repair belongs on it), and they see where their repairs stand."""
    repair = waited_on(turn, found)
    if repair is None:
        return await lookups.my_repairs(turn, found)
    owner = lookups.reporter(turn, repair)
    await tickets.add_report(
        turn.services.store, number=repair.number, contact_id=owner, description=text, now=turn.now
    )
    return [*await lookups.my_repairs(turn, found), turn.say("report.chased", number=repair.number)]


async def worse_elsewhere(turn: Turn, escape: TicketInfo, text: str) -> list[Reply] | None:
    """News that another home's leak or burst got worse ("我妈家那边水越来越大了"): the safety advice, and the words onto
    that ticket by its number (escalated for the duty staff); None when it closed meanwhile (a report of its own)."""
    intent = Intent(escape.kind.value)
    merged = await tickets.merge_report(
        turn.services.store,
        number=escape.number,
        address=None,
        description=text,
        escalate=True,
        escalation_reason=intent.value,
        now=turn.now,
    )
    if merged is None:
        return None
    advice = intake.safety_advice(intent, turn.lang)
    turn.conv.reset()
    return [*([Reply(advice)] if advice else []), already_open(turn, merged)]


def already_open(turn: Turn, ticket: TicketInfo) -> Reply:
    """A repeat report, added to the open ticket of its kind (staff are told); an emergency's says by when the
    crew is due."""
    if ticket.priority is Priority.EMERGENCY:
        due = lookups.promise(turn, ticket, "detail")
        return turn.say(
            "report.already_open_emergency",
            kind=turn.t(f"kind.{ticket.problem}"),
            number=ticket.number,
            status=turn.t(f"status.{ticket.status.value}"),
            promise=f"\n{due}" if due else "",
        )
    return turn.say(
        "report.already_open",
        kind=turn.t(f"kind.{ticket.problem}"),
        number=ticket.number,
        status=turn.t(f"status.{ticket.status.value}"),
    )


def followed(turn: Turn, ticket: TicketInfo) -> Reply:
    """Another resident of the flat reported it already: the report went onto that ticket for its staff, and the
    resident follows it from now on. They are told when it was reported, where it stands and by when the crew is
    due, never anything of who reported it."""
    crew = turn.t("report.followed_crew", crew=lookups.crew_name(turn, ticket)) if ticket.crew else ""
    due = "" if ticket.arrival_told else lookups.promise(turn, ticket, "detail")
    return turn.say(
        "report.followed",
        kind=turn.t(f"kind.{ticket.problem}"),
        number=ticket.number,
        reported=lookups.moment(turn, ticket.created_at),
        status=turn.t(f"status.{ticket.status.value}") + crew,
        promise=turn.t("report.followed_promise", promise=due) if due else "",
    )
