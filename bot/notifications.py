"""Resident notifications (status changes pushed by the store's outbox) as replies in the contact's language."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.after_repair import rating_prompt
from bot.i18n import foreign_to, in_script, lang_of, t, texted
from bot.replies import Identity, Option, Reply
from intents.company import Company
from intents.types import Lang
from storage.values import CALL_KINDS, ESCAPE_KINDS, REPAIR_KINDS, Channel, NotificationInfo

_DEFAULT_ZONE = ZoneInfo("Asia/Shanghai")
STAFF_WORDS = frozenset({"staff.message", "staff.reply", "handoff.reply"})  # a staff member's own words
KEPT_ANSWER = (
    "sms.answer"  # the answer to a text kept while the store could not be reached, texted once handled
)
HANDED_BACK = "handoff.handed_back"  # the chat's own words when staff end a talk: as said, no staff label
WAITING = "handoff.waiting"  # a resident's notice, scheduled when they ask for a person, that nobody has answered yet
HELD = "chat.held"  # scheduled when words are held back by the chat's limit: they are read once it allows
HELD_ANSWER = "chat.held_answer"  # the chat's answer to those words, sent once they are read
# notices scheduled for later, whose words depend on what happened meanwhile: the chat's dialogue says them, if due
SCHEDULED = frozenset({WAITING, HELD})
_REPAIRS = frozenset(kind.value for kind in REPAIR_KINDS)
_CALLS = frozenset(kind.value for kind in CALL_KINDS)
_ESCAPES = frozenset(kind.value for kind in ESCAPE_KINDS)
# What a call-back's or a complaint's resident is told, in their own words, instead of a repair's (`_{kind}` added):
# settled, with no repair to rate; a complaint taken by the duty supervisor.
_BY_CALL = {"status.resolved": "notify.closed", "status.acknowledged": "notify.acknowledged"}
_SIMPLE = {
    "status.acknowledged": "notify.acknowledged",
    "status.on_site": "notify.on_site",
    "status.closed": "notify.closed",
    "status.cancelled": "notify.cancelled",
    "status.reopened": "notify.reopened",
}


class Noticing(Protocol):
    """The chat's dialogue, as a sender asks it what to send."""

    async def notice(self, identity: Identity, notification: NotificationInfo) -> Reply | None: ...


async def to_send(
    notification: NotificationInfo, identity: Identity, company: Company | None, dialogue: Noticing | None
) -> Reply | None:
    """What a resident's sender sends for an outbox row: its rendering, or, for a notice scheduled for later, what the
    chat's `dialogue` says is still due (None: nothing, and nothing without a dialogue to ask)."""
    if dialogue is not None:
        return await dialogue.notice(identity, notification)
    return None if notification.event in SCHEDULED else render(notification, company)


def render(notification: NotificationInfo, company: Company | None = None) -> Reply:
    """The message a resident gets for one outbox row; a repair resolved (or a call settled) with the staff's note
    (/resolve N note) says it, as their words: a repair's before its rating question, which stays by its options."""
    note = _staff_note(notification)
    reply = _render(notification, company, note)
    if note is None or str(notification.payload.get("kind") or "") not in _CALLS:
        return reply
    return Reply(f"{reply.text}\n{note}", reply.options)


def _staff_note(notification: NotificationInfo) -> str | None:
    """The staff's note on a ticket resolved, as the sentence that says it is theirs; None when they left none."""
    note = " ".join(str(notification.payload.get("note") or "").split())
    if notification.event != "status.resolved" or not note:
        return None
    return _as_written(notification, "notify.staff_note", note, note=note)


def _as_written(notification: NotificationInfo, key: str, words: str, **values: object) -> str:
    """Staff's own `words` in the sentence `key`, never changed; to a resident who reads another language, in `key`'s
    `_foreign` sentence instead, which says first what they are and in which language staff wrote them ("Reply from
    the heating company's staff (written in Chinese): …", "…（原文为英文）：…"; by SMS its shorter texted form)."""
    lang = lang_of(notification.language)
    if foreign_to(lang, words):
        key = f"{key}_foreign"
        key = texted(key) if notification.channel is Channel.SMS else key
    return t(lang, key, **values)


def _render(notification: NotificationInfo, company: Company | None, note: str | None = None) -> Reply:
    lang = lang_of(notification.language)
    payload = notification.payload
    number = str(payload.get("number") or notification.ticket_number or "")
    event = notification.event
    kind = str(payload.get("kind") or "")
    if event in _BY_CALL and kind in _CALLS:  # a call-back or a complaint: settled, no repair to rate
        return Reply(t(lang, f"{_BY_CALL[event]}_{kind}", number=number, hours=_follow_up_hours(company)))
    if event == "status.resolved":
        # which home: the resident may have repairs at two (as its reporter wrote it, in this reader's script)
        address = in_script(lang, str(payload.get("address") or "")) or None
        return rating_prompt(
            number, lang, too_hot=bool(payload.get("too_hot")), kind=kind or None, address=address, note=note
        )
    if event == "status.reopened" and kind in _REPAIRS:  # a new promise of a crew, told with its time
        due = _due(payload, lang, company)
        return Reply(t(lang, "notify.reopened_repair", number=number, minutes=_minutes(company), due=due))
    if event in _SIMPLE:
        return Reply(t(lang, _SIMPLE[event], number=number))
    if event == "ticket.opened" and payload.get("kind") == "complaint":
        return Reply(t(lang, "notify.complaint_opened", number=number, hours=_follow_up_hours(company)))
    if event == "ticket.opened" and payload.get("kind") not in _REPAIRS:  # a call-back: no crew was promised
        return Reply(t(lang, "notify.callback_opened", number=number))
    if event == "ticket.opened" and _unplaced(payload):  # the promise runs: the address is asked at once
        due = _due(payload, lang, company)
        return Reply(t(lang, "notify.opened_no_address", number=number, minutes=_minutes(company), due=due))
    if event == "ticket.opened":
        return Reply(t(lang, "notify.opened", number=number, minutes=_minutes(company)))
    if event == "status.dispatched" and _unplaced(payload):  # a crew on its way to a flat nobody named yet
        return Reply(f"{_dispatched(payload, number, lang, company)}\n{t(lang, 'notify.no_address')}")
    if event == "status.dispatched":
        return Reply(_dispatched(payload, number, lang, company))
    if event == "ticket.handed_off":  # a crew on its way keeps coming: said so, by name
        key = "notify.handed_off_crew" if payload.get("crew_kept") else "notify.handed_off"
        branch = _branch(payload, lang, company)
        return Reply(t(lang, key, number=number, branch=branch, crew=_crew(payload, lang)))
    if event == "ticket.arrival_denied":
        return Reply(_not_arrived(payload, number, lang, company))
    if event == "ticket.breached":  # a supervisor is said to follow it up only where the clock told one
        key = "notify.breached" if _supervised(payload, company) else "notify.breached_branch"
        return Reply(t(lang, key, number=number, minutes=_minutes(company)))
    if event in STAFF_WORDS:  # a reply in a hand-over, or about a ticket
        text = str(payload.get("text", ""))
        return Reply(_as_written(notification, "notify.staff_message", text, text=text))
    if event in (KEPT_ANSWER, HANDED_BACK, HELD_ANSWER):  # the chat's own words, rendered when they were said
        options = tuple(Option(str(label), str(data)) for label, data in payload.get("options") or ())
        return Reply(str(payload.get("text", "")), options)
    if event == "ticket.emergency_beside":  # water escaping at this repair's flat: its own emergency ticket
        escaping = t(lang, f"kind.{payload.get('emergency_kind') or 'leak'}")
        emergency = payload.get("emergency")
        first = payload.get("open")  # open before the repair: told to whoever reported the repair
        key = "notify.emergency_beside_open" if first else "notify.emergency_beside"
        return Reply(t(lang, key, number=number, kind=escaping, emergency=emergency))
    if event == "ticket.beside_repair":  # no heat reported at this emergency's flat: its own repair ticket
        escaping, repair = t(lang, f"kind.{kind or 'leak'}"), payload.get("repair")
        return Reply(t(lang, "notify.beside_repair", number=number, kind=escaping, repair=repair))
    if event in ("ticket.merged_into", "ticket.same_flat"):  # another resident's ticket of the flat and fault
        other = str(payload.get("into") or payload.get("other") or "")
        problem = t(lang, f"kind.{payload.get('into_kind') or payload.get('other_kind') or kind}")
        reported = _time(payload, "reported_at", lang, company)
        key = "notify." + event.removeprefix("ticket.")
        return Reply(t(lang, key, number=number, kind=problem, into=other, other=other, reported=reported))
    if event == "ticket.followed":  # a caller whose flat another resident reported: their number, by SMS
        reported = _time(payload, "reported_at", lang, company)
        return Reply(t(lang, "notify.followed", number=number, reported=reported))
    if event in ("incident.known", "incident.crew_dispatched", "incident.crew_on_site"):
        key = "notify." + event.replace(".", "_")  # the fault known; its crew on the way; its crew there
        return Reply(t(lang, key, number=number, place=in_script(lang, str(payload.get("label", "")))))
    if event == "incident.update":  # a building fault's update (/broadcast)
        text = str(payload.get("text", ""))
        return Reply(_as_written(notification, "notify.incident_update", text, number=number, text=text))
    status = str(payload.get("status") or "")
    shown = t(lang, f"status.{status}") if status else event
    return Reply(t(lang, "notify.updated", number=number, status=shown))


def _dispatched(payload: dict[str, object], number: str, lang: Lang, company: Company | None) -> str:
    """The crew on its way, by when; past the promise: as soon as possible, and an apology, never a time already
    gone. A crew sent instead of another is told as the replacement."""
    replaced = "notify.crew_replaced" if payload.get("previous_crew") else "notify.dispatched"
    key = f"{replaced}_late" if payload.get("late") else replaced
    due, crew = _due(payload, lang, company), _crew(payload, lang)
    previous = _crew(payload, lang, prefix="previous_")
    return t(lang, key, number=number, crew=crew, previous=previous, due=due, minutes=_minutes(company))


def _unplaced(payload: dict[str, object]) -> bool:
    """A leak or burst nobody has given the address of yet (see `TicketInfo.unplaced`)."""
    return payload.get("kind") in _ESCAPES and not payload.get("address")


def _minutes(company: Company | None) -> int:
    return company.commitments.on_site_minutes if company else 30


def _follow_up_hours(company: Company | None) -> int:
    return company.commitments.complaint_follow_up_hours if company else 24


def _crew(payload: dict[str, object], lang: Lang, prefix: str = "") -> str:
    """A crew's name in the resident's language (`prefix` "previous_": the crew it replaces)."""
    name = payload.get(f"{prefix}crew_name_en" if lang is Lang.EN else f"{prefix}crew_name") or payload.get(
        f"{prefix}crew"
    )
    return str(name) if name else t(lang, "notify.crew_generic")


def _due(payload: dict[str, object], lang: Lang, company: Company | None) -> str:
    return _time(payload, "due_at", lang, company)


def _time(payload: dict[str, object], key: str, lang: Lang, company: Company | None) -> str:
    """The time of day of the payload's `key` in the company's zone, "14:35" ("soon" when it has none)."""
    raw = payload.get(key)
    if not isinstance(raw, str):
        return t(lang, "notify.due_soon")
    zone = company.zone if company else _DEFAULT_ZONE
    return dt.datetime.fromisoformat(raw).astimezone(zone).strftime("%H:%M")


def _not_arrived(payload: dict[str, object], number: str, lang: Lang, company: Company | None) -> str:
    """Staff found the crew had not come, though the resident said so: it is still on its way (or being sent), by
    the promised time unless that is past."""
    late = bool(payload.get("late")) or not isinstance(payload.get("due_at"), str)
    due = (
        t(lang, "notify.not_arrived_soon")
        if late
        else t(lang, "notify.not_arrived_due", time=_due(payload, lang, company))
    )
    key = "notify.not_arrived" if payload.get("status") == "dispatched" else "notify.not_arrived_unsent"
    return t(lang, key, number=number, due=due)


def _supervised(payload: dict[str, object], company: Company | None) -> bool:
    """The ticket's branch has a supervisors' chat, which the clock tells of a broken promise (bot.staff.sender)."""
    branch = company.branch(str(payload.get("branch") or "")) if company else None
    return branch is not None and branch.supervisor_chat_id is not None


def _branch(payload: dict[str, object], lang: Lang, company: Company | None) -> str:
    code = str(payload.get("branch") or "")
    branch = company.branch(code) if company else None
    if branch is None:
        return code
    return branch.name_en if lang is Lang.EN else branch.name
