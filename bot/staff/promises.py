"""What was promised for each kind of ticket, as staff see it: a repair a crew on site within the 30 minutes, a
complaint a supervisor's call within the follow-up hours, a call-back a call from the duty staff. Pure, no I/O."""

from __future__ import annotations

import datetime as dt

from bot.staff.history import Call
from bot.staff.texts import clock_time, duration, say
from intents.company import Company
from storage.values import OPEN_STATUSES, Priority, Status, TicketInfo, TicketKind


def follow_up_by(t: TicketInfo, company: Company) -> dt.datetime:
    """When a complaint's supervisor must have called the resident (counted again from a reopening)."""
    started = t.status_times.get(str(Status.REOPENED), t.created_at)
    return started + dt.timedelta(hours=company.commitments.complaint_follow_up_hours)


def card_line(
    t: TicketInfo,
    now: dt.datetime,
    company: Company,
    lang: str,
    called: Call | None = None,
    *,
    no_number: bool = False,
) -> str:
    """The card's line of the promise made for this ticket and how it stands (`called`: the latest call staff made
    to the resident of a call-back or a complaint; `no_number`: the caller withheld their number, so a call-back or
    a complaint promised no call that staff could make)."""
    if t.is_repair:
        return _repair(t, now, company, lang)
    if no_number:
        return say(lang, "promise.no_call_back")
    if t.kind is TicketKind.COMPLAINT:
        return _complaint(t, now, company, lang, called)
    if called is not None:
        return say(
            lang, "promise.called_back", time=clock_time(called.at, now, company.zone), who=called.staff
        )
    urgent = t.priority is Priority.EMERGENCY and t.status in OPEN_STATUSES
    return say(lang, "promise.callback_urgent" if urgent else "promise.callback")


def _complaint(t: TicketInfo, now: dt.datetime, company: Company, lang: str, called: Call | None) -> str:
    by = follow_up_by(t, company)
    time, hours = clock_time(by, now, company.zone), company.commitments.complaint_follow_up_hours
    if called is not None:  # the supervisor's follow-up was made: the promise is kept
        return say(
            lang,
            "promise.contacted",
            time=time,
            at=clock_time(called.at, now, company.zone),
            who=called.staff,
        )
    if t.status not in OPEN_STATUSES:
        return say(lang, "promise.complaint_done", time=time)
    left = (by - now).total_seconds() / 60
    if left >= 0:
        return say(lang, "promise.complaint", hours=hours, time=time, left=duration(lang, left))
    return say(lang, "promise.complaint_late", time=time, late=duration(lang, left))


def _repair(t: TicketInfo, now: dt.datetime, company: Company, lang: str) -> str:
    due = clock_time(t.due_at, now, company.zone)
    left = (t.due_at - now).total_seconds() / 60
    if t.arrival_told and t.arrival_reported_at is not None:  # the resident's word, for staff to confirm
        told, late = t.arrival_reported_at, (t.arrival_reported_at - t.due_at).total_seconds() / 60
        key = "card.told_late" if late > 0 else "card.told"
        return say(lang, key, time=due, told=clock_time(told, now, company.zone), late=duration(lang, late))
    if t.status not in OPEN_STATUSES or t.status == Status.ON_SITE:
        return say(lang, "card.finished", time=due)
    if left >= 0:
        return say(lang, "card.due", time=due, left=duration(lang, left))
    return say(lang, "card.overdue", time=due, late=duration(lang, left))


def late(
    t: TicketInfo, now: dt.datetime, company: Company, called: Call | None = None, *, no_number: bool = False
) -> bool:
    """Past its promise: a repair with no crew there (nor the resident's word that it came), a complaint nobody
    followed up in time (`called`: the supervisor's call, if made; `no_number`: the caller withheld their number, so
    no call was promised). A call-back has no deadline: an emergency one is escalated and reminded of instead."""
    if t.kind is TicketKind.COMPLAINT:
        due = not no_number and t.status in OPEN_STATUSES
        return due and called is None and follow_up_by(t, company) < now
    return t.awaiting_crew and t.due_at < now


def open_line(
    t: TicketInfo,
    now: dt.datetime,
    company: Company,
    lang: str,
    called: Call | None = None,
    *,
    no_number: bool = False,
) -> str:
    """How the promise stands, short, for /open and /shift (`called`: the latest call staff made to the resident
    of a call-back or a complaint; `no_number`: its caller withheld their number, so nobody can call them)."""
    if t.by_call and no_number:
        return say(lang, "open.no_call_back")
    if t.kind is TicketKind.COMPLAINT and called is not None:
        return say(lang, "open.contacted", time=clock_time(called.at, now, company.zone))
    if t.kind is TicketKind.COMPLAINT:
        by = follow_up_by(t, company)
        if by >= now:
            return say(lang, "open.follow_up", time=clock_time(by, now, company.zone))
        return say(lang, "open.follow_up_late", time=duration(lang, (by - now).total_seconds() / 60))
    if called is not None:
        return say(lang, "open.called_back", time=clock_time(called.at, now, company.zone))
    if not t.is_repair:
        return say(lang, "open.callback_urgent" if t.priority is Priority.EMERGENCY else "open.callback")
    if t.status == Status.ON_SITE:
        return say(lang, "status.on_site")
    if t.arrival_told:
        return say(lang, "open.told")
    left = (t.due_at - now).total_seconds() / 60
    return say(lang, "open.left" if left >= 0 else "open.late", time=duration(lang, left))
