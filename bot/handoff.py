"""Talk to a person: queue the request to staff, relay what the resident says to the staff who have the talk (the
branch of the flat they name, until staff answer: then those staff), tell them where their messages stand, come back
on time-out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot import callbacks as cb
from bot.notifications import WAITING
from bot.replies import (
    Button,
    Inbound,
    Location,
    Option,
    Photo,
    Picture,
    Reply,
    SharedContact,
    Text,
    Unsupported,
)
from bot.state import Conversation
from bot.turn import Turn
from intents.company import Branch
from storage import outbox
from storage.values import Audience, Channel

# the resident's last words to staff kept, each cut short, to go with the talk should it move to another branch
_SAID_KEPT, _SAID_CHARS = 10, 300


def active(turn: Turn) -> bool:
    """Whether staff, not the bot, are answering this chat right now."""
    until = turn.conv.handoff_until
    return until is not None and dt.datetime.fromisoformat(until) > turn.now


def expired(turn: Turn) -> bool:
    """A handoff that ran out without staff ending it."""
    return turn.conv.handoff_until is not None and not active(turn)


async def start(turn: Turn, text: str) -> list[Reply]:
    """Enter handoff: queue the request for staff and tell the resident the bot goes quiet."""
    begin(turn)
    return await requested(turn, text)


def kept_open(conv: Conversation, at: dt.datetime, hours: float) -> None:
    """Staff's words reached a resident waiting for them: the hand-over runs `hours` from these, not from the
    request, so it does not end while staff are still talking."""
    if conv.handoff_until is not None:
        until = max(dt.datetime.fromisoformat(conv.handoff_until), at + dt.timedelta(hours=hours))
        conv.handoff_until = until.isoformat()


def begin(turn: Turn) -> None:
    """Staff answer this chat from now on; what was being asked is forgotten."""
    _over(turn.conv)  # nothing of an earlier one is kept
    until = turn.now + dt.timedelta(hours=turn.services.handoff_hours)
    turn.conv.handoff_until, turn.conv.handoff_since = until.isoformat(), turn.now.isoformat()
    turn.conv.reset()


async def requested(
    turn: Turn,
    text: str,
    *,
    report: dict[str, Any] | None = None,
    place: str = "",
    asking: str | None = None,
) -> list[Reply]:
    """Queue the request for staff (with the `report` the resident was making) to the branch serving its `place` or
    the flat the words name, else the resident's: the talk is theirs from now on; tell the resident the bot goes
    quiet, or, while the report of kind `asking` still has a question for them, that it can be filed meanwhile."""
    branch = _serving(turn, place or text)
    # the hotline of the branch that has the talk ("转人工 我妈家凯旋小区…": Kuancheng's), else the resident's own
    lines = turn.services.company.hotlines_of(branch.code)
    hotline = lines[0] if lines else turn.hotline()
    if asking is not None:
        told = turn.say("handoff.started_asking", _back(turn), kind=asking, hotline=hotline)
    else:
        told = turn.say("handoff.started", _back(turn), hotline=hotline)
    turn.conv.handoff_branch, turn.conv.handoff_said = branch.code, _kept(turn, text)
    await notify_staff(turn, "handoff.requested", {"text": text, "report": report}, branch=branch)
    await _remind_later(turn)
    return [told]


async def relay(turn: Turn, inbound: Inbound) -> list[Reply]:
    """Pass a message to staff without answering it: to the staff who have the talk. A flat named that another
    branch serves, before anyone answered, moves the talk there with everything said so far (the first branch is
    told); once staff have answered, it stays with them."""
    payload = describe(inbound)
    words = str(payload.get("text") or "")
    await notify_staff(turn, "handoff.message", payload, branch=await _talk_branch(turn, words))
    turn.conv.handoff_said = _kept(turn, words)
    return []


async def _talk_branch(turn: Turn, words: str) -> Branch:
    """The branch whose staff get these words: the one with the talk, or the one serving the flat they name, the
    talk moved there, while nobody has answered yet."""
    company, conv = turn.services.company, turn.conv
    here = company.branch(conv.handoff_branch or "") or turn.branch_for(turn.contact.address_raw)
    named = company.branch_for_address(words) if words else None
    if named is None or named.code == here.code or _staff_answered(turn):
        return here
    said = "\n".join(conv.handoff_said) or turn.t("menu.human")
    await notify_staff(turn, "handoff.requested", {"text": said, "moved_from": here.code}, branch=named)
    await notify_staff(turn, "handoff.moved", {"to": named.code}, branch=here)
    conv.handoff_branch = named.code
    return named


def _serving(turn: Turn, place: str) -> Branch:
    """The branch serving the flat or estate named in `place`, else the resident's."""
    named = turn.services.company.branch_for_address(place) if place else None
    return named or turn.branch_for(turn.contact.address_raw)


def _kept(turn: Turn, words: str) -> list[str]:
    """The resident's words to staff so far, with these (the last few, each cut short)."""
    said = " ".join(words.split())[:_SAID_CHARS]
    return [*turn.conv.handoff_said, said][-_SAID_KEPT:] if said else turn.conv.handoff_said


def followed(conv: Conversation, branch: str | None) -> None:
    """Staff of `branch` answered the resident during a hand-over: the talk goes on with them."""
    if branch and conv.handoff_until is not None:
        conv.handoff_branch = branch


def noted(turn: Turn) -> list[Reply]:
    """After a message passed to staff: the resident is told once that it reached them, and when nobody has answered
    for a while (since the request, or staff's last words), told so with the hotline, again after as long."""
    conv = turn.conv
    unanswered = _unanswered(turn)
    if unanswered is not None:
        told(conv, turn.now)
        return [unanswered]
    if conv.handoff_noted is None:
        conv.handoff_noted = turn.now.isoformat()
        return [turn.say("handoff.relayed", _back(turn))]
    return []


def reminder(turn: Turn, since: str) -> Reply | None:
    """The notice scheduled when the resident asked for a person (`since`), now that it is due: that nobody has
    answered yet, with the hotline; None when that hand-over is over, staff have answered, or they were told lately."""
    if not active(turn) or turn.conv.handoff_since != since:
        return None
    return _unanswered(turn)


def told(conv: Conversation, at: dt.datetime) -> None:
    """The resident was told at `at` that nobody has answered: not again before as long has passed."""
    conv.handoff_noted = conv.handoff_chased = at.isoformat()


def _unanswered(turn: Turn) -> Reply | None:
    """That nobody has answered for a while (since the request, or staff's last words), with the hotline; None
    before the wait is up, or when they were told so since and lately."""
    conv = turn.conv
    wait = dt.timedelta(minutes=turn.services.handoff_wait_minutes)
    since = max((m for m in (_at(conv.handoff_since), _at(conv.staff_at)) if m is not None), default=turn.now)
    chased = _at(conv.handoff_chased)
    if turn.now - since < wait or (chased is not None and chased >= since and turn.now - chased < wait):
        return None
    minutes = int((turn.now - since).total_seconds() // 60)
    return turn.say("handoff.unanswered", _back(turn), minutes=minutes, hotline=turn.hotline())


async def _remind_later(turn: Turn) -> None:
    """A resident who asked for a person is told, unasked, when nobody has answered within the wait (sent then,
    unless staff have answered by then)."""
    channel = turn.identity.channel
    if channel not in (Channel.TELEGRAM, Channel.SMS):  # the terminal: nobody to push a message to
        return
    await outbox.enqueue(
        turn.services.store,
        audience=Audience.RESIDENT,
        channel=channel,
        address=turn.identity.ident,
        language=turn.contact.language,
        event=WAITING,
        payload={
            "since": turn.conv.handoff_since,
            "hotline": turn.identity.hotline,
            "branch": turn.conv.handoff_branch,
        },
        now=turn.now,
        deliver_at=turn.now + dt.timedelta(minutes=turn.services.handoff_wait_minutes),
    )


def _back(turn: Turn) -> Option:
    """The button that gives the chat back to the bot."""
    return turn.option("handoff.end", cb.END_HANDOFF)


def _at(moment: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(moment) if moment else None


def end(turn: Turn) -> list[Reply]:
    """Leave handoff: the bot answers again."""
    _over(turn.conv)
    return [turn.say("handoff.ended", *turn.menu())]


def timed_out(turn: Turn) -> Reply:
    """Leave a handoff that ran out, and say what happened: nobody answered, or the talk with staff is over."""
    key = "handoff.timeout_answered" if _staff_answered(turn) else "handoff.timeout"
    _over(turn.conv)
    hours = turn.services.handoff_hours
    return turn.say(key, hours=int(hours) if hours.is_integer() else hours, hotline=turn.hotline())


def _over(conv: Conversation) -> None:
    """The hand-over is over: nothing of it is kept."""
    conv.handoff_until = conv.handoff_since = conv.handoff_branch = None
    conv.handoff_noted = conv.handoff_chased = None
    conv.handoff_said = []


def _staff_answered(turn: Turn) -> bool:
    """Staff's words reached the resident since they asked for a person."""
    since, answered = _at(turn.conv.handoff_since), _at(turn.conv.staff_at)
    return since is not None and answered is not None and answered >= since


def describe(inbound: Inbound) -> dict[str, Any]:
    """What the resident sent, as a notification payload."""
    match inbound:
        case Text(text=text):
            return {"text": text}
        case Photo(file_id=file_id, caption=caption):
            return {"photo": file_id, "text": caption or ""}
        case Picture(urls=urls, caption=caption):
            return {"picture": list(urls), "text": caption or ""}
        case Location(latitude=lat, longitude=lon):
            return {"location": {"lat": lat, "lon": lon}}
        case SharedContact(phone=phone):
            return {"phone": phone}
        case Button(data=data):
            return {"button": data}
        case Unsupported(kind=kind):
            return {"unsupported": kind}
    return {}  # pragma: no cover


async def notify_staff(turn: Turn, event: str, payload: dict[str, Any], *, branch: Branch) -> None:
    """Queue a message for the staff of `branch`."""
    await outbox.enqueue(
        turn.services.store,
        audience=Audience.STAFF,
        channel=Channel.TELEGRAM,
        address=branch.code,  # like every staff notice: the worker resolves the branch's chat
        language=turn.contact.language,
        event=event,
        payload={
            **payload,
            "conversation": turn.identity.key,
            "contact_id": turn.contact.id,
            "channel": turn.identity.channel.value,
            "branch": branch.code,
            **({"name": turn.identity.name} if turn.identity.name else {}),
        },
    )
