"""A number a resident asks to be called on about a repair ("这次打我这个号 13900000001"), other than the phone Telegram
proved theirs: the proved phone stays on their contact (it finds their tickets when they call or text), and this one
is kept on the ticket's log for its staff, who are told under the card and see it on the card (the reporter's)."""

from __future__ import annotations

import datetime as dt

from storage import _journal as journal
from storage import _writers as writers
from storage._common import aware, ticket_info
from storage.db import Store
from storage.values import TicketInfo

CALL_ON = (
    "call_on"  # the event logged, with the number given, and (as "ticket.call_on") the staff notice queued
)


async def call_on(
    store: Store, *, number: str, contact_id: int, phone: str, now: dt.datetime | None = None
) -> TicketInfo:
    """The resident (its reporter, or a resident of the flat following it) asks to be called on `phone` (E.164, as
    typed: unproved) about the ticket: logged as theirs, and its staff told which number to call; TicketNotFound for
    a ticket they neither reported nor follow."""
    now = aware(now)
    async with store.write() as conn:
        locked, follower = await writers.lock_for(conn, number, contact_id)
        data = {"phone": phone, **writers.by(follower)}
        ev = await journal.record(
            conn, ticket_id=locked.id, kind=CALL_ON, actor="resident", now=now, data=data
        )
        who = writers.for_staff(follower) or {"phone": locked.phone}
        body = journal.payload(locked.row, call_on=phone, **who)
        notice = journal.staff_notice(
            ticket_id=locked.id,
            number=locked.number,
            event_id=ev.id,
            branch=locked.row.branch,
            event=f"ticket.{CALL_ON}",
            data=body,
            now=now,
        )
        await journal.queue(conn, [notice])
        return ticket_info(locked.row)
