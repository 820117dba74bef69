"""What residents and staff add to a ticket without moving it: an address, photos and call records, a rating,
a note. Reach these through `storage.tickets` (they are re-exported there)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from intents.types import Address
from storage import _journal as journal
from storage import _writers as writers
from storage import reconcile
from storage._common import aware, event_info, ticket_info
from storage.db import Store, again_on_conflict
from storage.errors import InvalidRating, TicketNotFound
from storage.models import OPEN, OPEN_CLAUSE, OPEN_INDEX, OPEN_INDEX_SQLITE, event_t, ticket_t
from storage.values import AWAITING_CREW, OTHER, REPAIR_KINDS, EventInfo, Status, TicketInfo

PHOTO = "photo"  # a resident's photo, logged on the ticket and forwarded to its staff chat
LOCATION = "location"  # a location a resident shared, logged on the ticket and posted in its staff chat too
_FORWARDED = {PHOTO: ("ticket.photo", "file_id"), LOCATION: ("ticket.location", "lat")}
STAFF_REPLY = "staff.reply"  # the event logged and the notification queued when staff answer a resident
_REPAIRED = (str(Status.RESOLVED), str(Status.CLOSED))
ADDRESS_MAX = 500  # the column's size; a longer "address" is a whole message, kept in the description


def address_values(address: Address | None) -> dict[str, Any]:
    """An address as ticket (or contact) columns."""
    if address is None:
        return {"address_raw": None, "building": None, "unit": None, "room": None}
    return {
        "address_raw": address.raw[:ADDRESS_MAX],
        "building": address.building,
        "unit": address.unit,
        "room": address.room,
    }


def place_of(address: Address | None) -> str:
    """The flat an address names, as a ticket's key "building/unit/room"; "" when no part of it is known.

    A resident has one open ticket per kind and place: a report of another flat ("我妈家…") is its own ticket.
    """
    if address is None or not (address.building or address.unit or address.room):
        return ""
    return "/".join(part or "" for part in (address.building, address.unit, address.room))


def report_place(address: Address | None, *, home: Address | None = None, elsewhere: bool = False) -> str:
    """The flat a report is matched to open tickets as: the flat its address names; else, at another home than the
    resident's own (`elsewhere`, "我妈家也漏水了"), one no ticket has (`OTHER`); else the resident's own flat saved on
    their contact (`home`): "现在我家暖气也不热了" is about their flat, never another home's ticket; "" if not known."""
    place = place_of(address)
    if place:
        return place
    return OTHER if elsewhere else place_of(home)


def ticket_address_values(address: Address | None) -> dict[str, Any]:
    """An address as ticket columns: the contact's columns plus the flat's key."""
    return {**address_values(address), "place": place_of(address)}


async def _lock_own(conn: AsyncConnection, number: str, contact_id: int | None) -> journal.Locked:
    """Lock a ticket; a ticket the contact neither reported nor follows (another resident of their flat reported it,
    see storage.followers) is reported as not found."""
    locked, _ = await writers.lock_for(conn, number, contact_id)
    return locked


async def add_note(
    store: Store,
    *,
    number: str,
    actor: str,
    text: str,
    code: str | None = None,
    now: dt.datetime | None = None,
    staff: str | None = None,
) -> EventInfo:
    """A note on the ticket's log (a staff member's, named `staff`, or the phone line's); `code` names a note the
    channels word in their own language ("address_unconfirmed"), `text` being its plain fallback."""
    now = aware(now)
    data = {"text": text} if code is None else {"text": text, "code": code}
    if staff:
        data["staff"] = staff
    async with store.write() as conn:
        locked = await journal.lock_ticket(conn, number)
        ev = await journal.record(conn, ticket_id=locked.id, kind="note", actor=actor, now=now, data=data)
        return event_info(ev, number)


async def answer_resident(
    store: Store,
    *,
    number: str,
    actor: str,
    staff: str,
    text: str,
    now: dt.datetime | None = None,
    contact_id: int | None = None,
) -> bool:
    """A staff member's words for the ticket's reporter, or (`contact_id`) for a resident following it whose line
    under its card they answer: logged on the ticket (to whom) and queued for that resident's channel, from the
    hotline they used, in one transaction. False when they cannot be reached (the words are logged only)."""
    now = aware(now)
    async with store.write() as conn:
        locked = await journal.lock_ticket(conn, number)
        follower = None if contact_id is None else await writers.following(conn, locked.id, contact_id)
        if contact_id is not None and follower is None:
            raise TicketNotFound(number)
        to = locked.resident if follower is None else writers.recipient(follower)
        reached = locked.reachable if follower is None else journal.reachable(to)
        data = {"text": text, "staff": staff, "delivered": reached, **writers.by(follower)}
        ev = await journal.record(
            conn, ticket_id=locked.id, kind=STAFF_REPLY, actor=actor, now=now, data=data
        )
        if reached:
            ids = {"ticket_id": locked.id, "number": locked.number, "event_id": ev.id, "now": now}
            body = journal.payload(locked.row, locked, text=text, staff=staff)
            await journal.queue(conn, [journal.resident_notice(**ids, to=to, event=STAFF_REPLY, data=body)])
        return reached


def report_notice(
    row: Any,
    event_id: int,
    now: dt.datetime,
    *,
    description: str,
    temperature_c: float | None = None,
    event: str = "ticket.report",
    reason: str | None = None,
    **who: Any,
) -> dict[str, Any]:
    """The staff notice of a resident's words added to an open ticket (or of the escalation they caused); `who`: the
    follower who wrote them (`storage._writers.for_staff`)."""
    body = journal.payload(row, description=description, temperature_c=temperature_c, reason=reason, **who)
    ids = {"ticket_id": row.id, "number": row.number, "event_id": event_id, "now": now}
    return journal.staff_notice(**ids, branch=row.branch, event=event, data=body)


async def add_report(
    store: Store,
    *,
    number: str,
    contact_id: int | None,
    description: str,
    temperature_c: float | None = None,
    now: dt.datetime | None = None,
) -> TicketInfo:
    """The reporter's own words added to their ticket ("不用来了，已经热了", "好多了" after the repair); its staff are told
    (not of a cancelled one).

    `contact_id` None: the caller's own ticket, found by the phone they call from. `temperature_c`: a room reading
    said with the words ("还是不热，现在13度"): an open ticket takes it, as a repeat report's (the room as it is now); a
    resolved or closed repair ("现在22度了") keeps it as the room after the repair, which the figures count.
    """
    now = aware(now)
    async with store.write() as conn:
        locked, follower = await writers.lock_for(conn, number, contact_id)
        row = locked.row
        data: dict[str, Any] = {"description": description, **writers.by(follower)}
        if temperature_c is not None:
            data["temperature_c"] = temperature_c
        ev = await journal.record(
            conn, ticket_id=locked.id, kind="report", actor="resident", now=now, data=data
        )
        if row.status in OPEN and writers.takes_reading(row, temperature_c, follower):
            changes = {"temperature_c": temperature_c, "updated_at": now}
            row = await journal.update_ticket(conn, locked.id, changes)
        elif row.status in _REPAIRED and temperature_c is not None:
            changes = {"temperature_after_c": temperature_c, "updated_at": now}
            row = await journal.update_ticket(conn, locked.id, changes)
        # what they say of a repair done ("好多了") reaches its staff too, as the words of whoever said it
        if row.status in OPEN or row.status in _REPAIRED:
            who = writers.for_staff(follower)
            notice = report_notice(
                row, ev.id, now, description=description, temperature_c=temperature_c, **who
            )
            await journal.queue(conn, [notice])
        return ticket_info(row)


ARRIVAL = "arrival"  # the event logged, and the staff notice queued, when a resident says the crew has come
_AWAITING = frozenset(str(s) for s in AWAITING_CREW)
_REPAIRS = frozenset(str(k) for k in REPAIR_KINDS)


async def report_arrival(
    store: Store, *, number: str, contact_id: int | None, description: str, now: dt.datetime | None = None
) -> TicketInfo:
    """The reporter says the crew has come ("师傅已经到了"): their word is kept with its time on a repair still
    waiting for its crew, which stops the 30-minute clock there; the status stays for staff to move (only staff
    change a ticket), and its staff are told who said so, to confirm with the crew. Otherwise (the crew already
    marked on site, not a repair, said before) the words are added like any report.

    `contact_id` None: the caller's own ticket, found by the phone they call from."""
    now = aware(now)
    async with store.write() as conn:
        locked, follower = await writers.lock_for(conn, number, contact_id)
        row = locked.row
        first = row.kind in _REPAIRS and row.status in _AWAITING and row.arrival_reported_at is None
        if first:
            row = await journal.update_ticket(
                conn, locked.id, {"arrival_reported_at": now, "updated_at": now}
            )
        ev = await journal.record(
            conn,
            ticket_id=locked.id,
            kind=ARRIVAL if first else "report",
            actor="resident",
            now=now,
            data={"description": description, **writers.by(follower)},
        )
        if row.status in OPEN:
            event = f"ticket.{ARRIVAL}" if first else "ticket.report"
            who = writers.for_staff(follower)
            notice = report_notice(row, ev.id, now, description=description, event=event, **who)
            await journal.queue(conn, [notice])
        return ticket_info(row)


@again_on_conflict
async def update_address(
    store: Store,
    *,
    number: str,
    contact_id: int | None,
    address: Address,
    now: dt.datetime | None = None,
    same_estate: Callable[[str], bool] | None = None,
) -> TicketInfo:
    """The reporter completes or corrects the address; staff of an open ticket are told.

    `contact_id` None: the caller's own ticket, found by the phone they call (or text) from. `same_estate`: which
    addresses are in the estate of `address`, for the ticket to be merged with (or linked to) another resident's open
    ticket of the flat it gives and of the same fault (`storage.reconcile`), and a leak or burst linked with the open
    no-heat repair of that flat, or a repair with its open leak or burst (`storage.emergencies`). The ticket as it
    stands after: cancelled when it was merged into the other resident's."""
    where: dict[str, Any] = {"address": address, "same_estate": same_estate}
    try:
        return await _update_address(store, number, contact_id, aware(now), keep_place=True, **where)
    except IntegrityError as exc:
        if OPEN_INDEX not in str(exc) and OPEN_INDEX_SQLITE not in str(exc):
            raise
        # Another report of that flat was opened meanwhile (PostgreSQL): the address still goes on, unkeyed.
        return await _update_address(store, number, contact_id, aware(now), keep_place=False, **where)


async def _update_address(
    store: Store,
    number: str,
    contact_id: int | None,
    now: dt.datetime,
    *,
    address: Address,
    same_estate: Callable[[str], bool] | None,
    keep_place: bool,
) -> TicketInfo:
    async with store.write() as conn:
        await reconcile.lock_flat_of(conn, number, address, same_estate)  # the flat before its tickets
        locked = await _lock_own(conn, number, contact_id)
        row = await address_onto(
            conn, locked, now, address=address, same_estate=same_estate, keep_place=keep_place
        )
        return ticket_info(row)


async def address_onto(
    conn: AsyncConnection,
    locked: journal.Locked,
    now: dt.datetime,
    *,
    address: Address,
    same_estate: Callable[[str], bool] | None,
    keep_place: bool,
) -> Any:
    """The address onto the locked ticket, logged as its resident's, its staff told; then merged with (or linked to)
    another resident's open ticket of that flat and fault (`storage.reconcile`). Its row as it stands after."""
    values = ticket_address_values(address)
    elsewhere = locked.row.place.startswith(OTHER)  # another home's ticket: its place says so, flat or not
    if elsewhere and values["place"]:
        values["place"] = OTHER + values["place"]
    if not values["place"] or not keep_place or await _place_taken(conn, locked.row, values["place"]):
        # No flat read, or the resident has another open ticket of this kind for that flat (the one-open-ticket-
        # per-flat index never fails the resident): the address goes on; another home's ticket keeps the place
        # it had (a report of the resident's own home never joins it), any other gets none ("").
        values["place"] = locked.row.place if elsewhere else ""
    row = await journal.update_ticket(conn, locked.id, {**values, "updated_at": now})
    ev = await journal.record(
        conn,
        ticket_id=locked.id,
        kind="address",
        actor="resident",
        now=now,
        data=address_values(address),
    )
    if row.status not in OPEN:
        return row
    ids = {"ticket_id": row.id, "number": row.number, "event_id": ev.id, "now": now}
    body = journal.payload(row, locked, building=address.building, unit=address.unit, room=address.room)
    await journal.queue(
        conn, [journal.staff_notice(**ids, branch=row.branch, event="ticket.address", data=body)]
    )
    # another resident's open ticket of that flat and fault: one ticket, or two linked (storage.reconcile)
    return await reconcile.placed(conn, row, same_estate, reporter=locked.resident, actor="resident", now=now)


_PLACE_TAKEN = (
    sa.select(ticket_t.c.id)
    .where(
        ticket_t.c.contact_id == sa.bindparam("contact_id"),
        ticket_t.c.kind == sa.bindparam("kind"),
        ticket_t.c.place == sa.bindparam("place"),
        ticket_t.c.id != sa.bindparam("ticket_id"),
        OPEN_CLAUSE,
    )
    .limit(1)
)


async def _place_taken(conn: AsyncConnection, ticket: Any, place: str) -> bool:
    """Another open ticket of this ticket's resident and kind is already keyed to `place`."""
    if not place:
        return False
    params = {"contact_id": ticket.contact_id, "kind": ticket.kind, "place": place, "ticket_id": ticket.id}
    return (await conn.execute(_PLACE_TAKEN, params)).first() is not None


async def attach(
    store: Store,
    *,
    number: str,
    contact_id: int | None,
    kind: str,
    data: dict[str, Any],
    actor: str = "resident",
    now: dt.datetime | None = None,
) -> EventInfo:
    """Log a photo, location, recording or call outcome on the ticket (the reporter's own, when contact_id is given);
    a resident's photo or location is also queued for the ticket's staff chat, which cannot see it otherwise."""
    now = aware(now)
    async with store.write() as conn:
        locked, follower = await writers.lock_for(conn, number, contact_id)
        ev = await journal.record(conn, ticket_id=locked.id, kind=kind, actor=actor, now=now, data=data)
        event, needed = _FORWARDED.get(kind, ("", ""))
        if event and data.get(needed) is not None:
            body = journal.payload(locked.row, locked, **data, **writers.for_staff(follower))
            ids = {"ticket_id": locked.id, "number": number, "event_id": ev.id, "now": now}
            await journal.queue(
                conn, [journal.staff_notice(**ids, branch=locked.row.branch, event=event, data=body)]
            )
        return event_info(ev, number)


_RATINGS = (
    sa.select(event_t.c.data)
    .where(event_t.c.ticket_id == sa.bindparam("ticket_id"), event_t.c.kind == "rating")
    .order_by(event_t.c.id)
)


async def _scores(conn: AsyncConnection, ticket_id: int) -> dict[int | None, int]:
    """Each resident's latest score of a repair: its reporter's under None, a follower's under their contact id."""
    rows = await conn.execute(_RATINGS, {"ticket_id": ticket_id})
    return {(data.get("follower") or {}).get("contact_id"): int(data["rating"]) for (data,) in rows}


def flat_rating(scores: dict[int | None, int]) -> int | None:
    """The repair's one figure (the ticket's rating, which the reports count once): its reporter's latest score;
    until they rate, the lowest score a resident following it gave."""
    return scores[None] if None in scores else min(scores.values(), default=None)


async def rating_given(store: Store, *, number: str, contact_id: int) -> int | None:
    """The score this resident last gave the repair themselves (as its reporter or as a follower), None if none: one
    resident's score is never another's to change or be told of."""
    async with store.read() as conn:
        ticket = await journal.lock_ticket(conn, number, lock=False)
        follower = await writers.writer_of(conn, ticket, contact_id)
        return (await _scores(conn, ticket.id)).get(None if follower is None else follower.id)


async def record_rating(
    store: Store,
    *,
    number: str,
    contact_id: int,
    rating: int,
    words: str | None = None,
    temperature_c: float | None = None,
    now: dt.datetime | None = None,
) -> TicketInfo:
    """The reporter (or a resident following it, logged as them) rates a resolved or closed repair, 1 to 5; each
    resident's latest score is their own, and the ticket keeps the flat's figure (`flat_rating`). `words` said with the
    score ("2分 师傅进门没穿鞋套") are kept with it; its branch's staff are told of every score, once, with its words and,
    on a repair other residents follow, who gave it; `temperature_c`: a room reading said with them ("现在22度了 挺好
    5分"), the room after the repair, which the figures count."""
    if not 1 <= rating <= 5:
        raise InvalidRating(f"a rating is 1 to 5, got {rating}")
    now = aware(now)
    async with store.write() as conn:
        locked, follower = await writers.lock_for(conn, number, contact_id)
        if locked.status not in (Status.RESOLVED, Status.CLOSED):
            raise InvalidRating(
                f"ticket {number} is {locked.status}: only a resolved or closed repair can be rated"
            )
        scores = await _scores(conn, locked.id)
        scores[None if follower is None else follower.id] = rating
        values: dict[str, Any] = {"updated_at": now, "rating": flat_rating(scores)}
        if temperature_c is not None:
            values["temperature_after_c"] = temperature_c
        row = await journal.update_ticket(conn, locked.id, values)
        data: dict[str, Any] = {"rating": rating, "words": words} if words else {"rating": rating}
        data.update(writers.by(follower))
        if temperature_c is not None:
            data["temperature_c"] = temperature_c
        ev = await journal.record(
            conn, ticket_id=locked.id, kind="rating", actor="resident", now=now, data=data
        )
        ids = {"ticket_id": row.id, "number": row.number, "event_id": ev.id, "now": now}
        who = writers.for_staff(follower)
        body = journal.payload(row, rating=rating, description=words, temperature_c=temperature_c, **who)
        await journal.queue(
            conn, [journal.staff_notice(**ids, branch=row.branch, event="ticket.rated", data=body)]
        )
        return ticket_info(row)
