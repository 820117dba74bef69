"""One leak or burst told twice: by calling (the duty line busy, no address given), then in a chat ("我刚才打电话报了暖气片
爆了，红旗小区3栋2单元501"), where nothing proves the chat's resident is the caller (a Telegram user who never shared that
phone). The store never merges two residents' tickets on a guess: the later ticket's card names the earlier one
(`possible_twin`), and staff who find the two are one water merge them (`merge_twin`) as a flat's two reports are merged
(`storage.reconcile`): one ticket, one crew, one 30-minute promise (the earlier), both residents told of every change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from intents.types import Address
from storage import _journal as journal
from storage import additions, reconcile
from storage._common import aware, ticket_info
from storage.db import Store
from storage.errors import IllegalTransition
from storage.models import OPEN, OPEN_INDEX, OPEN_INDEX_SQLITE, ticket_t
from storage.queries import get
from storage.values import ESCAPE_KINDS, Channel, Status, TicketInfo

TWIN_MINUTES = 60  # a leak or burst without its address, opened this shortly before another resident's
TWIN_CALLED_MINUTES = 180  # when the later report says it was reported by calling ("刚才打电话报了")
TWIN_MERGED_EVENT = "ticket.twin_merged"  # the line under the card of the ticket that goes on
_ESCAPES = [str(kind) for kind in ESCAPE_KINDS]


async def possible_twin(
    store: Store, *, ticket: TicketInfo, called_before: bool = False
) -> TicketInfo | None:
    """The open leak or burst of another reporter, opened within the hour before this open leak or burst, at its
    branch, that nobody has given the address of: maybe the same water told twice by one person on two channels the
    store cannot tell are theirs, for staff to check. When the words say it was reported by calling (`called_before`),
    a call's within three hours, at any branch (the hotline dialled may be another branch's), is one too. The newest;
    None when there is none."""
    if ticket.kind not in ESCAPE_KINDS or not ticket.is_open:
        return None
    nearby = sa.and_(
        ticket_t.c.branch == ticket.branch,
        ticket_t.c.created_at >= ticket.created_at - dt.timedelta(minutes=TWIN_MINUTES),
    )
    if called_before:
        called = sa.and_(
            ticket_t.c.channel == str(Channel.VOICE),
            ticket_t.c.created_at >= ticket.created_at - dt.timedelta(minutes=TWIN_CALLED_MINUTES),
        )
        nearby = sa.or_(nearby, called)
    stmt = (
        sa.select(ticket_t)
        .where(
            ticket_t.c.id < ticket.id,
            ticket_t.c.contact_id != ticket.contact_id,
            ticket_t.c.kind.in_(_ESCAPES),
            ticket_t.c.status.in_(OPEN),
            ticket_t.c.address_raw.is_(None),
            nearby,
        )
        .order_by(ticket_t.c.id.desc())
        .limit(1)
    )
    async with store.read() as conn:
        row = (await conn.execute(stmt)).first()
    return ticket_info(row) if row is not None else None


async def merge_twin(
    store: Store,
    *,
    number: str,
    twin: str,
    actor: str,
    now: dt.datetime | None = None,
    same_estate: Callable[[str], bool] | None = None,
) -> TicketInfo:
    """Staff found the leak or burst `number` and its `twin` (reported before it, without its address) to be one:
    `number` is merged into `twin` (which keeps the earlier promise of a crew on site, and takes `number`'s address);
    the other way round when staff have acted on `number` already and not on `twin` (its crew, who holds it, stay).
    Its residents follow the ticket that goes on and are told so (`storage.reconcile.merge`). The ticket that goes on,
    as it stands after. IllegalTransition when either is no open leak or burst, or both have been acted on (then staff
    keep them two and send one crew)."""
    now = aware(now)
    try:
        return await _merge_twin(store, number, twin, actor, now, same_estate, keep_place=True)
    except IntegrityError as exc:
        if OPEN_INDEX not in str(exc) and OPEN_INDEX_SQLITE not in str(exc):
            raise
        # The twin's resident opened another ticket of that flat meanwhile (PostgreSQL): the address goes on unkeyed.
        return await _merge_twin(store, number, twin, actor, now, same_estate, keep_place=False)


async def _merge_twin(
    store: Store,
    number: str,
    twin: str,
    actor: str,
    now: dt.datetime,
    same_estate: Callable[[str], bool] | None,
    *,
    keep_place: bool,
) -> TicketInfo:
    told = [
        t for t in (await get(store, number=number), await get(store, number=twin)) if t and t.address_raw
    ]
    async with store.write() as conn:
        for (
            ticket
        ) in told:  # the flat the ticket that goes on may be given, locked before the tickets (see reconcile)
            address = Address(ticket.address_raw or "", ticket.building, ticket.unit, ticket.room)
            await reconcile.lock_flat_of(conn, number, address, same_estate)
            await reconcile.lock_flat_of(conn, twin, address, same_estate)
        later, earlier = await journal.lock_ticket(conn, number), await journal.lock_ticket(conn, twin)
        for locked in (later, earlier):
            if locked.row.status not in OPEN or locked.row.kind not in _ESCAPES:
                raise IllegalTransition(
                    str(locked.row.status), str(Status.CANCELLED), "not an open leak or burst"
                )
        if reconcile.untouched(later.row):
            merged, into = later, earlier
        elif reconcile.untouched(earlier.row):
            merged, into = earlier, later
        else:
            raise IllegalTransition(str(later.row.status), str(Status.CANCELLED), "both acted on")
        gone, row = await reconcile.merge(
            conn, merged=merged.number, into=into.number, actor=actor, now=now, event=TWIN_MERGED_EVENT
        )
        if row.address_raw is None and gone.address_raw is not None:
            address = Address(gone.address_raw, gone.building, gone.unit, gone.room)
            locked = await journal.lock_ticket(conn, into.number)
            row = await additions.address_onto(
                conn, locked, now, address=address, same_estate=same_estate, keep_place=keep_place
            )
        return ticket_info(row)
