"""A token bucket per chat, kept in the conversation state so every process shares it; what a chat sends faster than
it allows is held, and read once it allows (a notice the outbox worker claims when the wait is over)."""

from __future__ import annotations

import datetime as dt

from bot.media import as_attachment
from bot.notifications import HELD, HELD_ANSWER
from bot.replies import Inbound, Location, Photo, Picture, Reply, Text, render_plain
from bot.state import Conversation
from bot.turn import Turn
from storage import outbox
from storage.values import Audience, Channel

_HELD_MAX = 20
_PUSHED = (Channel.TELEGRAM, Channel.SMS)  # channels the worker can write to unasked (not the terminal)


def admit(conv: Conversation, now: dt.datetime, *, burst: int, per_second: float) -> bool:
    """Take one token if there is one; False means the chat is sending too fast."""
    tokens = float(burst) if conv.tokens is None else conv.tokens
    if conv.tokens_at:
        elapsed = max(0.0, (now - dt.datetime.fromisoformat(conv.tokens_at)).total_seconds())
        tokens = min(float(burst), tokens + elapsed * per_second)
    conv.tokens_at = now.isoformat()
    if tokens >= 1.0:
        conv.tokens = tokens - 1.0
        return True
    conv.tokens = tokens
    return False


async def hold(turn: Turn, inbound: Inbound) -> list[Reply]:
    """Too fast: keep the words (a photo's caption too: nothing is lost), have them read once the limit allows
    without waiting for another message, and say so once."""
    conv = turn.conv
    if isinstance(inbound, Photo | Location | Picture):
        kind, data = as_attachment(inbound)
        conv.media = [*conv.media[-9:], {"kind": kind, "data": data}]
    words = _words(inbound)
    if words:
        if (
            not conv.held
        ):  # the first words of this burst: read when a token is free (later words go with them)
            await _read_later(turn)
        conv.held = [*conv.held, words][-_HELD_MAX:]
    if conv.flood_noted:
        return []
    conv.flood_noted = True
    return [turn.say("input.flood")]


async def answer(turn: Turn, replies: list[Reply], *, notice: int) -> None:
    """Send the answer to held words read by the worker (`notice`: the notice that had them read) through the
    outbox: by Telegram as the chat would have (each reply with its buttons), by SMS in one text, its options
    numbered as the chat reads them; once, however often this is tried."""
    if not replies or turn.identity.channel not in _PUSHED:
        return
    if turn.identity.channel is Channel.SMS:
        replies = [Reply(render_plain(replies))]
    for i, reply in enumerate(replies):
        await outbox.enqueue(
            turn.services.store,
            audience=Audience.RESIDENT,
            channel=turn.identity.channel,
            address=turn.identity.ident,
            language=turn.contact.language,
            event=HELD_ANSWER,
            payload={
                "text": reply.text,
                "options": [[o.label, o.data] for o in reply.options],
                "hotline": turn.identity.hotline,
            },
            idempotency_key=f"held-answer:{notice}:{i}",
            now=turn.now,
        )


def _words(inbound: Inbound) -> str:
    """What the resident wrote in a message held back: its text, or a photo's caption."""
    if isinstance(inbound, Text):
        return inbound.text.strip()
    if isinstance(inbound, Photo | Picture):
        return (inbound.caption or "").strip()
    return ""


async def _read_later(turn: Turn) -> None:
    """Schedule the notice that has the held words read, due when the chat's next token is free."""
    if turn.identity.channel not in _PUSHED:
        return
    services = turn.services
    wait = max(0.0, 1.0 - (turn.conv.tokens or 0.0)) / services.flood_per_second
    await outbox.enqueue(
        services.store,
        audience=Audience.RESIDENT,
        channel=turn.identity.channel,
        address=turn.identity.ident,
        language=turn.contact.language,
        event=HELD,
        payload={"hotline": turn.identity.hotline},
        now=turn.now,
        deliver_at=turn.now + dt.timedelta(seconds=wait),
    )
