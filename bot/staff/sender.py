"""Delivers staff notifications from the outbox: ticket cards posted once and edited, alerts, relayed residents."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter

from bot.services import ChatServices
from bot.staff.access import StaffAccess
from bot.staff.board import Board, card_key
from bot.staff.cards import branch_label, clip, contact_text, crew_label
from bot.staff.history import Recording, recording_line
from bot.staff.incidents import INCIDENT_EVENTS, post_incident
from bot.staff.reasons import reason_text
from bot.staff.relay import Relay, Resident
from bot.staff.texts import Markup, clock_time, duration, resident_label, say
from storage import conversations, reach
from storage.delivery import RetryAfter, Undeliverable, Unreachable
from storage.emergencies import LINKED_EVENT, REPAIR_LINKED_EVENT
from storage.reconcile import MERGED_EVENT, MERGED_INTO_EVENT, SAME_FLAT_EVENT, SAME_FLAT_OTHER
from storage.twins import TWIN_MERGED_EVENT
from storage.values import NotificationInfo, TicketKind, withheld
from storage.workflow import MOVED_AWAY

TICKET_EVENTS = frozenset(
    {
        "ticket.new",
        "ticket.escalated",
        "ticket.breached",
        "ticket.warning",
        "ticket.callback_waiting",
        "ticket.emergency_waiting",
        "ticket.emergency_no_address",
        "ticket.withheld_waiting",
        "ticket.follow_up_missed",
        "ticket.follow_up_chased",
        "ticket.handed_off",
        MOVED_AWAY,
        "ticket.address",
        "ticket.report",
        "ticket.call_on",
        "ticket.followed",
        "ticket.arrival",
        "ticket.rated",
        "ticket.reopened",
        "ticket.cancelled",
        LINKED_EVENT,
        reach.DEAD,
        reach.REACHED,
        REPAIR_LINKED_EVENT,
        MERGED_EVENT,
        MERGED_INTO_EVENT,
        SAME_FLAT_EVENT,
        SAME_FLAT_OTHER,
        TWIN_MERGED_EVENT,
    }
)
# Events the branch's supervisors hear of too, in their own chat.
SUPERVISED = {
    "ticket.breached": "alert.breached_supervisor",
    "ticket.callback_waiting": "alert.callback_waiting_supervisor",
    "ticket.emergency_waiting": "alert.emergency_waiting_supervisor",
    "ticket.emergency_no_address": "alert.emergency_waiting_supervisor",
    "ticket.withheld_waiting": "alert.emergency_waiting_supervisor",
    "ticket.follow_up_missed": "alert.follow_up_missed_supervisor",
    "ticket.follow_up_chased": "alert.follow_up_chased_supervisor",
}
PHOTO_EVENT = "ticket.photo"  # a resident's photo (storage.additions.attach)
LOCATION_EVENT = "ticket.location"  # a location a resident shared (storage.additions.attach)
RELAY_EVENTS = frozenset({"handoff.requested", "handoff.message", "handoff.moved"})
# Events that also post a short line under an existing card: editing alone does not notify anyone.
ALERTS = {
    "ticket.escalated": "alert.escalated",
    "ticket.breached": "alert.breached",
    "ticket.warning": "alert.warning",
    "ticket.callback_waiting": "alert.callback_waiting",
    "ticket.emergency_waiting": "alert.emergency_waiting",
    "ticket.emergency_no_address": "alert.emergency_no_address",
    "ticket.withheld_waiting": "alert.withheld_waiting",
    "ticket.follow_up_missed": "alert.follow_up_missed",
    "ticket.follow_up_chased": "alert.follow_up_chased",
    "ticket.report": "alert.report",
    "ticket.call_on": "alert.call_on",
    "ticket.followed": "alert.followed",
    "ticket.arrival": "alert.arrival",
    "ticket.rated": "alert.rated",
    "ticket.reopened": "alert.reopened",
    "ticket.cancelled": "alert.cancelled",
    "ticket.handed_off": "alert.handed_off",
    reach.DEAD: "alert.dead",
    reach.REACHED: "alert.reached",
    MERGED_EVENT: "alert.merged",  # another resident's ticket of the flat and fault made one with this
    SAME_FLAT_EVENT: "alert.same_flat",  # …or linked with it, both being acted on
    TWIN_MERGED_EVENT: "alert.twin_merged",  # a leak or burst staff found told twice, made one with this
}

# A follower's words, arrival, rating or reopening (storage._writers): the line says who, and that a reply answers them.
FOLLOWER_ALERTS = {
    "ticket.report": "alert.report_follower",
    "ticket.call_on": "alert.call_on_follower",
    "ticket.arrival": "alert.arrival_follower",
    "ticket.rated": "alert.rated_follower",
    "ticket.reopened": "alert.reopened_follower",
}


def _alert_key(n: NotificationInfo) -> str:
    """The alert line's text: a follower's own when one of them wrote it; a score said alone, who gave it (the
    reporter or a follower); a hand-off's, whether a crew on its way keeps coming (storage.workflow.hand_off)."""
    key = FOLLOWER_ALERTS[n.event] if n.payload.get("follower") and n.event in FOLLOWER_ALERTS else None
    if n.event == "ticket.rated" and not n.payload.get("description"):
        return f"{key or 'alert.rated'}_score"
    if key is not None:
        return key
    if n.event == "ticket.handed_off":  # moved by the resident's address, or by staff; a crew on its way kept
        moved = "alert.moved_for_address" if n.payload.get("for_address") else "alert.handed_off"
        return f"{moved}_crew" if n.payload.get("crew_kept") else moved
    if n.event == reach.DEAD and str(n.payload.get("error") or "").startswith("unreachable"):
        return (
            "alert.dead_blocked"  # blocked, with no phone to text instead (heatline.worker): nobody to reach
        )
    if n.event == "ticket.emergency_no_address" and not n.payload.get("phone"):
        return "alert.emergency_no_address_chat"  # a resident on Telegram with no number: no call to make
    return ALERTS[n.event]


# Alerts posted under a card even when the event is what posts the card in this chat.
_ALWAYS_POSTED = frozenset({"ticket.handed_off", "ticket.report", "ticket.call_on"})
# The clock's alerts: for a building fault's report, they say how to send one crew to the fault.
_CLOCK_ALERTS = frozenset({"alert.warning", "alert.breached", "alert.breached_supervisor"})
# The reminders of an emergency nobody took: one due with the warning says the time left too (storage.sla.remind).
_REMINDER_ALERTS = frozenset(
    {"alert.emergency_waiting", "alert.emergency_no_address", "alert.withheld_waiting"}
)


@contextlib.contextmanager
def delivery_errors() -> Iterator[None]:
    """Telegram's refusals as the outbox's errors; network and server errors pass through (the worker retries)."""
    try:
        yield
    except TelegramRetryAfter as exc:
        raise RetryAfter(exc.retry_after, str(exc)) from exc
    except TelegramForbiddenError as exc:
        raise Unreachable(str(exc)) from exc
    except TelegramBadRequest as exc:
        raise Undeliverable(str(exc)) from exc


class StaffSender:
    """`await sender.send(notification)` for audience=staff: the Sender protocol of storage.delivery."""

    def __init__(self, bot: Bot, services: ChatServices, *, language: str = "zh-Hans") -> None:
        self.access = StaffAccess(services, language=language)
        self.board = Board(bot, self.access)
        self.relay = Relay(bot, self.access)
        self.bot = bot

    async def send(self, notification: NotificationInfo) -> None:
        """Post or edit the card, or relay the resident; raise a DeliveryError when Telegram refuses."""
        chat_id = self.chat_for(notification.address)
        with delivery_errors():
            if notification.event in RELAY_EVENTS:
                await self.relay.post(notification, chat_id)
            elif notification.event in INCIDENT_EVENTS:
                await post_incident(self.bot, chat_id, notification, self.access.language)
            elif notification.event == PHOTO_EVENT:
                await self._photo(notification, chat_id)
            elif notification.event == LOCATION_EVENT:
                await self._location(notification, chat_id)
            elif notification.event.startswith("status.") or notification.event in TICKET_EVENTS:
                await self._card(notification, chat_id)
                if notification.event in SUPERVISED:
                    await self._tell_supervisor(notification, chat_id)
            else:
                raise Undeliverable(f"staff chats have no rendering for {notification.event!r}")

    def chat_for(self, address: str) -> int:
        """A branch code, "default" (or empty), or a chat id as the staff chat to post in."""
        services = self.access.services
        if address.lstrip("-").isdigit():
            return int(address)
        branch = services.company.branch(address)
        chat = branch.staff_chat_id if branch is not None else None
        if chat is None and (branch is not None or address in ("", "default")):
            chat = min(services.staff_chat_ids) if services.staff_chat_ids else None
        if chat is None:
            raise Undeliverable(
                f"no staff chat for {address!r}: set HEATLINE_STAFF_CHAT_ID or the branch's staff_chat_id"
            )
        return chat

    async def _card(self, n: NotificationInfo, chat_id: int) -> None:
        number = n.ticket_number or str(n.payload.get("number") or "")
        if not number:
            await self.bot.send_message(
                chat_id=chat_id, text=self._alert(n, "alert.dead_plain"), parse_mode="HTML"
            )
            return
        existed = (
            await conversations.load(self.access.services.store, key=card_key(number, chat_id)) is not None
        )
        if n.event == MOVED_AWAY and not existed:
            return  # the chat the ticket left never showed it: nothing to make view-only
        notes: dict[str, object] = {}
        if n.payload.get("reason"):
            notes["reason"] = str(n.payload["reason"])
        if await self.board.show(number, chat_id, **notes) is None:
            raise Undeliverable(f"no ticket {number}")
        # a card new to this chat shows the ticket as it stands, but not a resident's later words (a report can jump
        # ahead of the hand-off that brings the card here): those are posted under it all the same
        if n.event in ALERTS and (existed or n.event in _ALWAYS_POSTED):
            text = self._alert(n, _alert_key(n))
            if n.payload.get("recording"):  # a voicemail: staff listen to it and call back
                text += "\n" + recording_line(self.access.language, Recording(str(n.payload["recording"])))
            posted = await self.board.alert(number, chat_id, text)
            follower = Resident.load(n.payload.get("follower"))
            if follower is not None:  # another resident of the flat: a reply to their words answers them
                await self.relay.remember(chat_id, posted, replace(follower, ticket=number))

    async def _photo(self, n: NotificationInfo, chat_id: int) -> None:
        """A resident's photo, sent as itself under the ticket's card (posted first if the chat has none), with what
        they wrote with it; a follower's: a reply to it answers them."""
        number = n.ticket_number or str(n.payload.get("number") or "")
        if await self.board.show(number, chat_id) is None:
            raise Undeliverable(f"no ticket {number}")
        p, lang = n.payload, self.access.language
        caption = " ".join(str(p.get("caption") or "").split())
        words = say(lang, "alert.photo_words", text=clip(caption)) if caption else ""
        key = "alert.photo_follower" if p.get("follower") else "alert.photo"
        text = say(lang, key, number=number, who=_who(p, lang), words=Markup(words))
        posted = await self.board.photo(
            number, chat_id, str(p["file_id"]), text
        )  # under Telegram's 1,024: the words are clipped
        follower = Resident.load(p.get("follower"))
        if follower is not None:
            await self.relay.remember(chat_id, posted, replace(follower, ticket=number))

    async def _location(self, n: NotificationInfo, chat_id: int) -> None:
        """A location a resident shared, as a map under the ticket's card (posted first if the chat has none): for
        an emergency with no address yet, the one clue where to go; a follower's: a reply to it answers them."""
        number = n.ticket_number or str(n.payload.get("number") or "")
        if await self.board.show(number, chat_id) is None:
            raise Undeliverable(f"no ticket {number}")
        lat, lon = float(n.payload["lat"]), float(n.payload["lon"])
        posted = await self.board.location(number, chat_id, lat, lon)
        follower = Resident.load(n.payload.get("follower"))
        if follower is not None:
            await self.relay.remember(chat_id, posted, replace(follower, ticket=number))

    async def _tell_supervisor(self, n: NotificationInfo, chat_id: int) -> None:
        """A broken promise, or an emergency nobody takes, also goes to the branch's supervisors, when they have a
        chat of their own."""
        company = self.access.services.company
        branch = company.branch(n.address)
        if branch is None or branch.supervisor_chat_id in (None, chat_id):
            return
        text = say(
            self.access.language,
            SUPERVISED[n.event],
            branch=branch_label(company, branch.code, self.access.language),
            number=n.ticket_number or n.payload.get("number", ""),
            minutes=company.commitments.on_site_minutes,
            hours=company.commitments.complaint_follow_up_hours,
            waited=duration(self.access.language, float(n.payload.get("minutes_waiting") or 0)),
            kind=_kind(n.payload, self.access.language),
        )
        await self.bot.send_message(chat_id=branch.supervisor_chat_id, text=text, parse_mode="HTML")

    def _alert(self, n: NotificationInfo, key: str) -> str:
        """The alert's line; for a report of a building fault, with how to act on the fault as one."""
        line = self._alert_line(n, key)
        if key in _REMINDER_ALERTS and "minutes_left" in n.payload:  # the warning due with it, said in it
            line += say(
                self.access.language,
                "alert.warning_in_reminder",
                left=duration(self.access.language, self._minutes_left(n.payload)),
            )
        incident = n.payload.get("incident")
        if key in _CLOCK_ALERTS and incident:
            line += say(self.access.language, "incident.alert_hint", incident=incident)
        return line

    def _alert_line(self, n: NotificationInfo, key: str) -> str:
        p, lang, company = n.payload, self.access.language, self.access.services.company
        left = duration(lang, self._minutes_left(p))
        told = p.get("arrival_reported_at")
        now = self.access.services.clock()
        return say(
            lang,
            key,
            number=n.ticket_number or p.get("number", ""),
            reason=reason_text(lang, str(p.get("reason") or ""), no_number=withheld(p.get("phone"))),
            minutes=company.commitments.on_site_minutes,
            hours=company.commitments.complaint_follow_up_hours,
            left=left,
            branch=branch_label(company, str(p.get("from_branch") or ""), lang),
            note=Markup(say(lang, "alert.handed_off_note", note=p["note"])) if p.get("note") else "",
            words=_words(p),
            rating=p.get("rating", ""),
            event=p.get("event", ""),
            error=p.get("error", ""),
            told=clock_time(dt.datetime.fromisoformat(told), now, company.zone)
            if isinstance(told, str)
            else "",
            waited=duration(lang, float(p.get("minutes_waiting") or 0)),
            phone=Markup(contact_text(p.get("phone"), lang, full=True, name=p.get("name"))),
            call_on=p.get("call_on", ""),
            who=_who(p, lang),
            kind=_kind(p, lang),
            crew=crew_label(company, str(p.get("crew") or ""), lang),
            other=p.get("other", ""),
            address=p.get("for_address") or p.get("address") or "",
        )

    def _minutes_left(self, payload: dict[str, Any]) -> float:
        if isinstance(payload.get("minutes_left"), int | float):
            return float(payload["minutes_left"])
        due = payload.get("due_at")
        if not isinstance(due, str):
            return 0.0
        return (dt.datetime.fromisoformat(due) - self.access.services.clock()).total_seconds() / 60


def _kind(payload: dict[str, Any], lang: str) -> str:
    """The ticket's kind in the staff language ("爆管"), as its payload names it."""
    kind = str(payload.get("kind") or "other")
    return say(lang, f"kind.{kind}") if kind in _KINDS else kind


_KINDS = frozenset(str(kind) for kind in TicketKind)


def _who(payload: dict[str, Any], lang: str) -> str:
    """A resident following the ticket, named in an alert line (staff answer them by replying to the line): the name
    they show on Telegram and their phone with its middle hidden, as the reporter's card names them, whichever are
    known, else that they write on Telegram."""
    follower = payload.get("follower")
    name = follower.get("name") if isinstance(follower, dict) else None
    phone = payload.get("phone")
    return resident_label(lang, phone=str(phone) if phone else None, name=str(name) if name else None)


def _words(payload: dict[str, Any]) -> str:
    """A resident's added words for an alert line, with the reading when one was given, cut to a card's limit."""
    text = clip(" ".join(str(payload.get("description") or "").split()))
    reading = payload.get("temperature_c")
    return f"{text} ({reading:g}°C)" if isinstance(reading, int | float) else text
