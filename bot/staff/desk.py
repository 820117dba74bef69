"""What staff do to tickets: each call goes to the store, refreshes the card, and returns one line to answer."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from aiogram import Bot
from aiogram.types import User

from bot.staff.access import StaffAccess, actor_of, name_of
from bot.staff.board import Board
from bot.staff.cards import branch_crews, branch_label, crew_label
from bot.staff.texts import clock_time, say
from storage import errors, tickets
from storage.calls import call_event
from storage.values import Status, TicketInfo

log = logging.getLogger("bot.staff")
Change = Callable[[], Awaitable[TicketInfo]]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One line to answer with, and whether the ticket moved."""

    text: str
    ok: bool = True


class Desk:
    """The staff desk of one bot: take, dispatch, mark on site, resolve, hand off, note."""

    def __init__(self, bot: Bot, access: StaffAccess) -> None:
        self.access = access
        self.board = Board(bot, access)
        self.store = access.services.store
        self.lang = access.language

    def say(self, key: str, **values: object) -> str:
        """A staff sentence in the staff chats' language."""
        return say(self.lang, key, **values)

    async def take(self, number: str, user: User | None) -> Outcome:
        """The staff member takes the ticket."""
        who = name_of(user)
        change = partial(
            tickets.take, self.store, number=number, assignee=who, actor=actor_of(user), now=self._now()
        )
        return await self._apply(number, "take", change, "done.taken", who=who)

    async def dispatch(self, number: str, crew: str, user: User | None) -> Outcome:
        """Send a crew (code, any case) of the ticket's branch; the crew it already has changes nothing."""
        ticket = await tickets.get(self.store, number=number)
        if ticket is None:
            return Outcome(self.say("error.unknown_ticket", number=number), ok=False)
        # a call-back or a complaint is refused any crew by the store, whichever crew it is
        refusal = None if ticket.by_call else self._crew_refusal(ticket, crew)
        if refusal is not None:
            return Outcome(refusal, ok=False)
        change = partial(
            tickets.dispatch, self.store, number=number, crew=crew, actor=actor_of(user), now=self._now()
        )
        return await self._apply(number, "dispatch", change, "done.dispatched", crew=crew)

    def _crew_refusal(self, ticket: TicketInfo, code: str) -> str | None:
        """Why this crew is not sent to this ticket (another branch's, or already sent), or None."""
        company = self.access.services.company
        crew = company.crew(code)
        if crew is None:
            return None  # the store names it unknown
        allowed = branch_crews(company, ticket.branch)
        label = crew_label(company, crew.code, self.lang)
        if crew not in allowed:
            return self.say(
                "error.crew_of_other_branch",
                number=ticket.number,
                crew=label,
                branch=branch_label(company, ticket.branch or "", self.lang),
                choices=", ".join(crew_label(company, c.code, self.lang) for c in allowed),
            )
        if ticket.status == Status.DISPATCHED and ticket.crew == crew.code:
            return self.say("error.already_dispatched", number=ticket.number, crew=label)
        return None

    async def on_site(self, number: str, user: User | None) -> Outcome:
        """The crew has arrived."""
        return await self._move(number, Status.ON_SITE, user, None, "on_site", "done.on_site")

    async def not_arrived(self, number: str, user: User | None) -> Outcome:
        """The crew has not come after all, though the resident said so: the 30-minute clock runs on."""
        now = self._now()
        change = partial(tickets.deny_arrival, self.store, number=number, actor=actor_of(user), now=now)
        ticket = await self._run(number, "not_arrived", change)
        if isinstance(ticket, Outcome):
            return ticket
        due = clock_time(ticket.due_at, now, self.access.services.company.zone)
        done = "done.not_arrived_late" if ticket.due_at <= now else "done.not_arrived"
        return Outcome(self.say(done, number=ticket.number, time=due))

    async def called_back(self, number: str, user: User | None) -> Outcome:
        """The staff member phoned the resident of a call-back, or contacted a complainant."""
        who = name_of(user)
        change = partial(
            tickets.call_back, self.store, number=number, staff=who, actor=actor_of(user), now=self._now()
        )
        ticket = await self._run(number, "called_back", change)
        if isinstance(ticket, Outcome):
            return ticket
        return Outcome(self.say(f"done.{call_event(ticket.kind)}", number=ticket.number, who=who))

    async def resolve(self, number: str, user: User | None, note: str | None = None) -> Outcome:
        """The problem is fixed (a call-back: settled, and closed)."""
        change = partial(
            tickets.transition,
            self.store,
            number=number,
            to=Status.RESOLVED,
            actor=actor_of(user),
            note=note,
            now=self._now(),
        )
        ticket = await self._run(number, "resolve", change)
        if isinstance(ticket, Outcome):
            return ticket
        done = f"done.closed_{ticket.kind}" if ticket.by_call else "done.resolved"
        return Outcome(self.say(done, number=ticket.number))

    async def hand_off(self, number: str, branch: str, user: User | None, note: str | None = None) -> Outcome:
        """Give the ticket to another branch (code, any case)."""
        code = branch.lower()
        change = partial(
            tickets.hand_off,
            self.store,
            number=number,
            branch=code,
            actor=actor_of(user),
            note=note,
            now=self._now(),
        )
        return await self._apply(number, "hand_off", change, "done.handed_off", branch=code)

    async def note(self, number: str, text: str, user: User | None) -> Outcome:
        """Add a note to the ticket's log."""
        try:
            await tickets.add_note(
                self.store, number=number, actor=actor_of(user), text=text, now=self._now()
            )
        except errors.TicketNotFound:
            return Outcome(self.say("error.unknown_ticket", number=number), ok=False)
        return Outcome(self.say("done.noted", number=number))

    async def refuse(self, user: User | None, what: str, number: str | None) -> str:
        """Someone who is not staff tried to act: log it (on the ticket too) and say no."""
        uid = user.id if user else None
        log.warning("refused non-staff user %s: %s %s", uid, what, number or "")
        if number is not None:
            data = {"user_id": uid, "name": name_of(user), "action": what}
            try:
                await tickets.attach(
                    self.store,
                    number=number,
                    contact_id=None,
                    kind="staff.refused",
                    data=data,
                    actor=f"telegram:{uid}",
                )
            except errors.TicketNotFound:
                pass
        return self.say("error.refused")

    async def _move(
        self, number: str, to: Status, user: User | None, note: str | None, action: str, done: str
    ) -> Outcome:
        actor = actor_of(user)
        change = partial(
            tickets.transition, self.store, number=number, to=to, actor=actor, note=note, now=self._now()
        )
        return await self._apply(number, action, change, done)

    async def _apply(self, number: str, action: str, change: Change, done: str, **values: str) -> Outcome:
        """Run one store change and word its outcome; the card follows the ticket."""
        ticket = await self._run(number, action, change)
        if isinstance(ticket, Outcome):
            return ticket
        company = self.access.services.company
        if "crew" in values and ticket.crew:
            values["crew"] = crew_label(company, ticket.crew, self.lang)
        if "branch" in values:
            values["branch"] = branch_label(company, values["branch"], self.lang)
        return Outcome(self.say(done, number=ticket.number, **values))

    async def _run(self, number: str, action: str, change: Change) -> TicketInfo | Outcome:
        """Run one store change and refresh the card: the ticket as changed, or why it was refused."""
        try:
            ticket = await change()
        except errors.NoArrivalTold as exc:
            # the card may still ask to check a word settled meanwhile: it shows the ticket as it is
            await self.board.refresh(number)
            status = self.say(f"status.{exc.status}")
            return Outcome(self.say("error.no_arrival_told", number=number, status=status), ok=False)
        except errors.TakesNoCrew as exc:
            # an old card may still offer a crew: it gets the call-back's (the complaint's) own buttons
            await self.board.refresh(number)
            key = f"error.{exc.kind}_no_crew" + ("_withheld" if exc.withheld else "")
            return Outcome(self.say(key, number=number), ok=False)
        except errors.TicketNotFound:
            return Outcome(self.say("error.unknown_ticket", number=number), ok=False)
        except errors.NobodyToCall:
            await self.board.refresh(number)  # an old card may still offer the call: it loses the button
            return Outcome(self.say("error.no_call_back", number=number), ok=False)
        except errors.IllegalTransition as exc:
            status = self.say(f"status.{exc.from_status}")
            doing = self.say(f"action.{action}")
            return Outcome(self.say("error.illegal", number=number, status=status, action=doing), ok=False)
        except errors.UnknownCrew as exc:
            choices = ", ".join(c.code for c in self.access.services.company.crews)
            return Outcome(self.say("error.unknown_crew", crew=exc.code, choices=choices), ok=False)
        except errors.UnknownBranch as exc:
            choices = ", ".join(b.code for b in self.access.services.company.branches)
            return Outcome(self.say("error.unknown_branch", branch=exc.code, choices=choices), ok=False)
        await self.board.refresh(number)
        return ticket

    def _now(self) -> dt.datetime:
        return self.access.services.clock()
