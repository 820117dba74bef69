"""Whether each resident of a ticket can be reached: staff are told when a notice to one of them did not arrive (the
outbox worker's "notification.dead") and when a later one did ("notification.reached"). The latest of the two about a
resident is where they stand: a card's "not delivered" mark lasts only until a notice reaches them again."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from storage import contacts, outbox
from storage._common import aware
from storage.db import Store
from storage.models import contact_t, notification_t, ticket_t
from storage.values import Audience, Channel, NotificationInfo

DEAD = "notification.dead"  # staff told that a resident's notice did not arrive (heatline.worker)
REACHED = "notification.reached"  # staff told that a later one did
# What the worker adds to the key of the notice it tells staff of, or sends again by SMS.
_SUFFIXES = (":dead", ":reached", ":sms")
_TOLD = (
    sa.select(notification_t.c.idempotency_key, notification_t.c.event)
    .join(ticket_t, ticket_t.c.id == notification_t.c.ticket_id)
    .where(
        ticket_t.c.number == sa.bindparam("number"),
        notification_t.c.audience == str(Audience.STAFF),
        notification_t.c.event.in_((DEAD, REACHED)),
    )
    .order_by(notification_t.c.id)
)


def resident_of(key: str) -> str:
    """Whom a resident notice of a ticket is for, from its idempotency key (`storage._journal`'s "number:event:whom",
    then the worker's suffixes): the ticket's reporter ("resident") or a resident following it ("follower:ID")."""
    while key.endswith(_SUFFIXES):
        key = key.rsplit(":", 1)[0]
    return key.split(":", 2)[-1]


async def _last_told(store: Store, number: str) -> dict[str, tuple[str, str]]:
    """The latest thing staff were told of each resident of the ticket: its event and key, by `resident_of`."""
    async with store.read() as conn:
        rows = await conn.execute(_TOLD, {"number": number})
        return {resident_of(key): (event, key) for key, event in rows}


async def unreached(store: Store, *, number: str) -> bool:
    """Staff were told that a notice did not reach a resident of the ticket, and none has reached them since."""
    return any(event == DEAD for event, _ in (await _last_told(store, number)).values())


async def delivered(store: Store, *, notification: NotificationInfo, now: dt.datetime | None = None) -> bool:
    """A resident's notice of a ticket was delivered: when staff were last told that one did not reach this resident,
    tell them it now did (once for each failure), and take their Telegram chat as no longer blocking the bot (staff's
    replies go to it again). True when staff are told."""
    n = notification
    if n.audience is not Audience.RESIDENT or n.ticket_number is None:
        return False
    event, key = (await _last_told(store, n.ticket_number)).get(resident_of(n.idempotency_key), ("", ""))
    if event != DEAD:
        return False
    await outbox.enqueue(
        store,
        audience=Audience.STAFF,
        channel=Channel.TELEGRAM,
        address=str(n.payload.get("branch") or "default"),
        language="zh-Hans",
        event=REACHED,
        payload={"number": n.ticket_number, "event": n.event, "channel": str(n.channel)},
        ticket_number=n.ticket_number,
        idempotency_key=f"{key}:reached",
        now=now,
    )
    if n.channel is Channel.TELEGRAM and n.address.lstrip("-").isdigit():
        chat = contacts.identity(Channel.TELEGRAM, int(n.address), None)
        async with store.write() as conn:
            await conn.execute(
                sa.update(contact_t)
                .where(contact_t.c.identity == chat, contact_t.c.unreachable)
                .values(unreachable=False, updated_at=aware(now))
            )
    return True
