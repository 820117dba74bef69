"""A ticket's log as staff read it: what happened, who did it, and what was said or left (a note's text, a reply,
a voicemail's link). Pure, no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.staff.reasons import reason_text
from bot.staff.texts import Markup, clock_time, mask_phone, raw, resident_label, say
from storage.call_numbers import CALL_ON
from storage.calls import CALL_EVENTS
from storage.followers import FOLLOWED
from storage.reconcile import MERGED, MERGED_INTO
from storage.values import EventInfo

DETAIL_LIMIT = 300  # one event's words in /ticket; the whole text stays in the store
ADDRESS_UNCONFIRMED = (
    "address_unconfirmed"  # the code of the phone line's note on an address it could not confirm
)
ADDRESS_AS_TOLD = "address_as_told"  # the code of a chat's note on a flat told without its room number
_UNCONFIRMED = frozenset({ADDRESS_UNCONFIRMED, ADDRESS_AS_TOLD})
_ACTORS = ("resident", "ivr", "sla", "incidents")
_STAFF = "staff:"  # a staff member's actor: "staff:<Telegram user id>" (bot.staff.access.actor_of)
_MOVES = ("status", "opened")  # the events told by the status they reached; others by what they were


@dataclass(frozen=True, slots=True)
class Recording:
    """A voicemail the caller left: where to listen to it, and how long it is."""

    url: str
    seconds: str = ""


def recordings(events: Iterable[EventInfo]) -> tuple[Recording, ...]:
    """The voicemails left on the ticket, oldest first."""
    return tuple(
        Recording(str(e.data["url"]), str(e.data.get("duration") or ""))
        for e in events
        if e.kind == "recording" and e.data.get("url")
    )


@dataclass(frozen=True, slots=True)
class Call:
    """A call staff made to the resident of a call-back or a complaint: when, and who."""

    at: dt.datetime
    staff: str


_CALLS = frozenset(CALL_EVENTS.values())


def last_call(events: Iterable[EventInfo]) -> Call | None:
    """The latest call staff made to the resident of a call-back or a complaint, if any."""
    calls = [Call(e.created_at, str(e.data.get("staff") or e.actor)) for e in events if e.kind in _CALLS]
    return calls[-1] if calls else None


def followers(events: Iterable[EventInfo]) -> int:
    """How many other residents of the flat reported it too, and follow it (by reporting it, or by their ticket of it
    merged into it: storage.reconcile)."""
    joined = set()
    for e in events:
        if e.kind == FOLLOWED:
            joined.add(e.data.get("contact_id"))
        elif e.kind == MERGED:
            joined.update(e.data.get("contacts") or ())
    return len(joined)


def call_on(events: Sequence[EventInfo]) -> str | None:
    """The number the ticket's reporter last asked to be called on about it, other than their proved phone (a
    follower's is on their own line under the card), if any (storage.call_numbers)."""
    given = [e for e in events if e.kind == CALL_ON and not e.data.get("follower") and e.data.get("phone")]
    return str(given[-1].data["phone"]) if given else None


def merged(events: Iterable[EventInfo]) -> tuple[str, ...]:
    """The numbers of the flat's other tickets of the fault merged into this one, oldest first."""
    return tuple(str(e.data["merged"]) for e in events if e.kind == MERGED and e.data.get("merged"))


def merged_into(events: Sequence[EventInfo]) -> str | None:
    """The number of the ticket of the flat this one was merged into, if it was."""
    return next(
        (str(e.data["into"]) for e in reversed(events) if e.kind == MERGED_INTO and e.data.get("into")), None
    )


def reopener(lang: str, events: Sequence[EventInfo]) -> str | None:
    """The resident following the ticket who last reopened it, as staff see them; None when its reporter did (or it
    was never reopened)."""
    event = latest(events, "to_status", "reopened")
    follower = event.data.get("follower") if event is not None else None
    return follower_label(lang, follower) if isinstance(follower, dict) else None


def latest(events: Sequence[EventInfo], key: str, value: object) -> EventInfo | None:
    """The latest event whose data holds `value` at `key` ("to_status": the latest move to that status)."""
    for event in reversed(events):
        found = event.to_status if key == "to_status" else event.data.get(key)
        if found is not None and str(found) == str(value):
            return event
    return None


def staff_names(events: Iterable[EventInfo]) -> dict[str, str]:
    """Each staff member who acted on the ticket (their actor, "staff:<id>") by the name the card shows them by, as
    their moves keep it (a take: as its assignee); the latest, should they have changed it."""
    names = {}
    for e in events:
        took = e.kind == "taken" or e.to_status == "acknowledged"
        name = e.data.get("staff") or (e.data.get("assignee") if took else None)
        if e.actor.startswith(_STAFF) and name:
            names[e.actor] = str(name)
    return names


def doer(lang: str, event: EventInfo) -> str:
    """Who made a change: the staff member's name where the event keeps it, else its actor."""
    named = event.data.get("staff") or event.data.get("assignee")
    return str(named) if named else _actor(lang, event)


def address_unconfirmed(events: Iterable[EventInfo]) -> str | None:
    """The code of the note saying the address is for staff to check, when it is the last word on it: the phone line
    kept it as heard, without the caller confirming it; a chat kept a flat told by its floor, with no room number."""
    later = [e for e in events if e.kind in ("note", "address")]
    code = later[-1].data.get("code") if later and later[-1].kind == "note" else None
    return str(code) if code in _UNCONFIRMED else None


def recording_line(lang: str, recording: Recording) -> str:
    """One voicemail, as a card or an alert shows it."""
    if recording.seconds:
        return say(lang, "card.recording", url=recording.url, seconds=recording.seconds)
    return say(lang, "card.recording_plain", url=recording.url)


def event_line(
    lang: str,
    event: EventInfo,
    now: dt.datetime,
    zone: dt.tzinfo,
    *,
    no_number: bool = False,
    names: Mapping[str, str] | None = None,
) -> str:
    """One entry of the log: when, what, by whom (a staff member by the name the card shows: `names`, from
    `staff_names`), and its words (an escalation's reason in the staff language; `no_number`: the reporter withheld
    their number, so no note asks for a call back)."""
    moved = event.to_status and event.kind in _MOVES
    what = raw(lang, f"status.{event.to_status}") if moved else _kind(lang, event.kind)
    actor = _actor(lang, event, names)
    detail = _detail(lang, event, no_number)
    detail = "" if detail == actor else detail  # a take's assignee is its taker: named once
    return say(
        lang,
        "ticket.event",
        time=clock_time(event.created_at, now, zone),
        what=what,
        actor=actor,
        detail=Markup(say(lang, "ticket.detail", text=_clip(detail))) if detail else "",
    )


def _kind(lang: str, kind: str) -> str:
    try:
        return raw(lang, f"event.{kind.replace('.', '_')}")  # "staff.reply" is written staff_reply
    except KeyError:
        return kind


def _actor(lang: str, event: EventInfo, names: Mapping[str, str] | None = None) -> str:
    """Who made the entry (a staff member by name, from `names` or the entry, else by their Telegram id); a resident
    following the ticket named (their words, rating, reopening, or staff's reply to them: storage._writers)."""
    if event.actor in _ACTORS:
        actor = raw(lang, f"actor.{event.actor}")
    elif event.actor.startswith(_STAFF):
        name = (names or {}).get(event.actor) or event.data.get("staff")
        actor = str(name) if name else say(lang, "actor.staff_id", id=event.actor.removeprefix(_STAFF))
    else:
        actor = event.actor
    follower = event.data.get("follower")
    if not isinstance(follower, dict):
        return actor
    who = follower_label(lang, follower)
    if event.actor == "resident":
        return Markup(say(lang, "actor.follower", who=who))
    return Markup(say(lang, "actor.to_follower", actor=actor, who=who))


def follower_label(lang: str, follower: dict[str, object]) -> Markup:
    """A resident following a ticket as staff see them: their phone with its middle hidden, or, on Telegram, the name
    they showed there when they wrote (kept with their words: storage._journal.identity), else that they write on
    Telegram."""
    if follower.get("channel") == "telegram":
        return resident_label(lang, name=str(follower.get("name") or "") or None)
    return resident_label(lang, phone=str(follower.get("ident") or ""))


def escalation_reason(events: Sequence[EventInfo]) -> str | None:
    """Why the ticket was last escalated (as stored), if it was."""
    return next((str(e.data["reason"]) for e in reversed(events) if e.data.get("reason")), None)


def _detail(lang: str, event: EventInfo, no_number: bool) -> str:
    data = event.data
    if event.kind == "note" and data.get("code"):
        return _note(lang, str(data["code"]), str(data.get("text") or ""), no_number)
    if event.kind == "staff.reply":
        undelivered = "" if data.get("delivered", True) else raw(lang, "ticket.undelivered")
        return f"{data.get('text', '')}{undelivered}"
    if event.kind == "recording":
        url, seconds = str(data.get("url", "")), str(data.get("duration") or "")
        return raw(lang, "ticket.recording").format(url=url, seconds=seconds) if seconds else url
    if event.kind == "location" and data.get("lat") is not None:  # shared on Telegram: where to look
        return raw(lang, "ticket.location").format(lat=data["lat"], lon=data.get("lon"))
    if event.kind == "picture":  # texted (MMS): where Twilio keeps it
        return " ".join(str(url) for url in data.get("urls") or ())
    if event.kind in ("escalated", "opened"):
        return reason_text(lang, str(data["reason"]), no_number=no_number) if data.get("reason") else ""
    if event.kind == CALL_ON:  # the number to call, as the card shows a phone it need not call
        return mask_phone(str(data.get("phone") or ""))
    if event.kind in ("report", "arrival", FOLLOWED):
        reading = data.get("temperature_c")
        words = str(data.get("description") or "")
        return f"{words} ({reading:g}°C)" if isinstance(reading, int | float) else words
    keys = (
        "text",
        "caption",
        "note",
        "address_raw",
        "crew",
        "assignee",
        "to_branch",
        "rating",
        "status",
        "repair",
        "emergency",
        "merged",
        "into",
        "ticket",
    )
    # the other ticket of the flat: an emergency's repair, a repair's emergency, one merged or linked (reconcile)
    return _first(data, keys)


def _note(lang: str, code: str, text: str, no_number: bool) -> str:
    """A coded note in the staff language (its words for a reporter who withheld their number, where it has them),
    else its plain text."""
    for key in (f"{code}_withheld", code) if no_number else (code,):
        try:
            return raw(lang, f"note.{key}")
        except KeyError:
            continue
    return text


def _first(data: dict[str, object], keys: Sequence[str]) -> str:
    return next((str(data[k]) for k in keys if data.get(k) not in (None, "")), "")


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= DETAIL_LIMIT else text[: DETAIL_LIMIT - 1] + "…"
