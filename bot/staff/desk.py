"""What staff do to tickets: each call goes to the store, refreshes the card, and returns one line to answer.

A staff chat acts only on the tickets of the branches it looks after (`StaffAccess.serves`). Two staff acting on one
ticket at once are decided by the store on the ticket as it is then: the second hears what the first did (taken by
whom, which crew was sent) and is offered the deliberate change (take over, change crew) instead of a false success.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from functools import partial

from aiogram import Bot
from aiogram.types import User

from bot.staff import history
from bot.staff.access import StaffAccess, actor_of, name_of
from bot.staff.answers import Answers, Outcome, must_confirm, refused, unvisited
from bot.staff.board import Board
from bot.staff.keyboards import offer_cancel, offer_crew, offer_resolve, offer_take_over
from bot.staff.texts import clock_time, say
from intents.estates import same_estate
from storage import contacts, errors, tickets
from storage.calls import call_event
from storage.values import Status, TicketInfo

log = logging.getLogger("bot.staff")
Change = Callable[[], Awaitable[TicketInfo]]
CANCEL_ASKED = (
    "cancel_asked"  # the log entry of a /cancel of an emergency, awaiting Confirm cancel: its reason
)
RESOLVE_ASKED = (
    "resolve_asked"  # of a /resolve of a repair no crew went to, awaiting Confirm resolved: its note
)
__all__ = ["Desk", "Outcome"]


class Desk:
    """The staff desk of one bot, in one staff chat: take, dispatch, mark on site, resolve, hand off, note."""

    def __init__(self, bot: Bot, access: StaffAccess, chat_id: int | None = None) -> None:
        self.access = access
        self.board = Board(bot, access)
        self.store = access.services.store
        self.lang = access.language
        self.chat_id = chat_id
        self.answers = Answers(access.services.company, access.language)

    def say(self, key: str, **values: object) -> str:
        """A staff sentence in the staff chats' language."""
        return say(self.lang, key, **values)

    def elsewhere(self, ticket: TicketInfo) -> Outcome | None:
        """Why this chat does not act on the ticket (another branch's), or None."""
        if self.chat_id is None or self.access.serves(self.chat_id, ticket.branch):
            return None
        return self.answers.not_this_chat(ticket)

    async def take(self, number: str, user: User | None, *, over: bool = False) -> Outcome:
        """The staff member takes the ticket; one someone else holds only when taken `over` deliberately."""
        who = name_of(user)
        change = partial(
            tickets.take,
            self.store,
            number=number,
            assignee=who,
            actor=actor_of(user),
            now=self._now(),
            over=over,
        )
        before = await tickets.get(self.store, number=number)
        try:
            ticket = await self._run(number, "take", change)
        except errors.AlreadyTaken as exc:
            await self.board.refresh(number)  # the card shows who has it, and Take over
            text = await self._met("error.taken_by", number, ("assignee", exc.assignee), holder=exc.assignee)
            return refused(text, offer_take_over(number, self.lang))
        if isinstance(ticket, Outcome):
            return ticket
        previous = before.assignee if before is not None and before.assignee != who else None
        if over and previous:
            return Outcome(self.say("done.taken_over", number=ticket.number, who=who, previous=previous))
        return Outcome(self.say("done.taken", number=ticket.number, who=who))

    async def dispatch(
        self, number: str, crew: str, user: User | None, *, replacing: str | None = None
    ) -> Outcome:
        """Send a crew (code or name, `Answers.crew_named`) of the ticket's branch; the crew it already has changes
        nothing. Another crew than the ticket has replaces it only when `replacing` names that one (the card's Change
        crew)."""
        ticket = await self._ours(number)
        if isinstance(ticket, Outcome):
            return ticket
        named = self.answers.crew_named(ticket, crew)
        if isinstance(named, Outcome):
            return named
        crew = named
        # a call-back or a complaint is refused any crew by the store, whichever crew it is
        refusal = None if ticket.by_call else self.answers.crew_refusal(ticket, crew)
        if refusal is not None:
            return refusal
        change = partial(
            tickets.dispatch,
            self.store,
            number=number,
            crew=crew,
            actor=actor_of(user),
            now=self._now(),
            replacing=replacing,
            staff=name_of(user),
        )
        try:
            moved = await self._run(number, "dispatch", change)
        except errors.CrewAlreadySent as exc:
            return await self._crew_sent(number, crew, exc)
        if isinstance(moved, Outcome):
            return moved
        contact = await contacts.get(self.store, contact_id=moved.contact_id) if moved.unplaced else None
        phone = contact.phone if contact is not None else None
        return self.answers.dispatched(moved, replaced=ticket.crew if replacing else None, phone=phone)

    async def merge_twin(self, number: str, twin: str, user: User | None) -> Outcome:
        """The card's Merge: this leak or burst and the one its card names as a possible duplicate (reported before it,
        without its address) are one water, made one ticket (`tickets.merge_twin`); both cards show it."""
        found = [await tickets.get(self.store, number=n) for n in (number, twin)]
        told = [t for t in found if t is not None and t.address_raw]
        company = self.access.services.company
        estate = same_estate(told[0].address_raw or "", company) if told else None
        change = partial(
            tickets.merge_twin,
            self.store,
            number=number,
            twin=twin,
            actor=actor_of(user),
            now=self._now(),
            same_estate=estate,
        )
        kept = await self._run(number, "merge", change)
        if isinstance(kept, Outcome):
            return kept
        await self.board.refresh(twin)
        merged = twin if kept.number == number else number
        return Outcome(self.say("done.twin_merged", number=merged, into=kept.number))

    async def _crew_sent(self, number: str, wanted: str, exc: errors.CrewAlreadySent) -> Outcome:
        """Another crew is on the ticket already (sent meanwhile): which, by whom and when; Change crew offered."""
        await self.board.refresh(number)  # the card shows the crew, and Change crew
        company = self.access.services.company
        wanted_crew = company.crew(wanted)
        code = wanted_crew.code if wanted_crew else wanted
        text = await self._met(
            "error.crew_sent",
            number,
            ("crew", exc.crew),
            crew=self.answers.crew(exc.crew),
            wanted=self.answers.crew(code),
            status=self.say(f"status.{exc.status}"),
        )
        return refused(text, offer_crew(number, code, exc.crew, company, self.lang))

    async def on_site(self, number: str, user: User | None) -> Outcome:
        """The crew has arrived; with no crew recorded, staff are asked to record which one."""
        change = self._status_change(number, Status.ON_SITE, user, None)
        ticket = await self._run(number, "on_site", change)
        if isinstance(ticket, Outcome):
            return ticket
        done = "done.on_site" if ticket.crew or not ticket.is_repair else "done.on_site_no_crew"
        return Outcome(self.say(done, number=ticket.number))

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

    async def resolve(
        self, number: str, user: User | None, note: str | None = None, *, confirmed: bool = False
    ) -> Outcome:
        """The problem is fixed (a call-back: settled, and closed). A repair no crew has been sent to (its resident
        would be told it is fixed and asked to rate a repair nobody made) is marked resolved only once `confirmed`:
        until then staff are shown what it would do and what else to do, with Confirm resolved and Keep ticket."""
        if not confirmed:
            unsure = await self._ours(number)
            if isinstance(unsure, Outcome):
                return unsure
            if unvisited(unsure):
                asked = await self._asked(unsure, user, RESOLVE_ASKED, note)
                question = self.answers.resolve_question(unsure, note)
                return refused(question, offer_resolve(unsure.number, asked, self.lang))
        ticket = await self._run(number, "resolve", self._status_change(number, Status.RESOLVED, user, note))
        if isinstance(ticket, Outcome):
            return ticket
        done = f"done.closed_{ticket.kind}" if ticket.by_call else "done.resolved"
        return Outcome(self.say(done, number=ticket.number))

    async def cancel(
        self, number: str, user: User | None, reason: str | None = None, *, confirmed: bool = False
    ) -> Outcome:
        """The resident withdrew the report ("不用来了，取消报修"): closed as cancelled at their wish, with nothing to
        rate; they are told so in their language, and it is kept out of the repair figures. An open emergency (a leak
        or burst a crew may be rushing to) is cancelled only once `confirmed`: until then staff are shown what would
        be cancelled, with Confirm cancel and Keep ticket, and nothing changes."""
        if not confirmed:
            ticket = await self._ours(number)
            if isinstance(ticket, Outcome):
                return ticket
            if must_confirm(ticket):
                asked = await self._asked(ticket, user, CANCEL_ASKED, reason)
                question = self.answers.cancel_question(ticket, reason)
                return refused(question, offer_cancel(ticket.number, asked, self.lang))
        change = self._status_change(number, Status.CANCELLED, user, reason)
        cancelled = await self._run(number, "cancel", change)
        if isinstance(cancelled, Outcome):
            return cancelled
        return Outcome(self.say("done.cancelled", number=cancelled.number))

    async def _asked(self, ticket: TicketInfo, user: User | None, kind: str, words: str | None) -> int:
        """A change staff must confirm, asked: logged (by whom, with the reason or note given, which the confirmation
        keeps); the id of the log entry its Confirm button carries."""
        data = {"staff": name_of(user), **({"note": words} if words else {})}
        asked = await tickets.attach(
            self.store,
            number=ticket.number,
            contact_id=None,
            kind=kind,
            data=data,
            actor=actor_of(user),
            now=self._now(),
        )
        return asked.id

    async def asked_words(self, number: str, asked: str, kind: str) -> str | None:
        """The reason or note given by the command whose log entry of `kind` is `asked` (the id its Confirm button
        carries), if any."""
        if not asked.isdigit():
            return None
        events = await tickets.events(self.store, number=number)
        entry = next((e for e in events if e.id == int(asked) and e.kind == kind), None)
        if entry is None:
            return None
        return str(entry.data.get("note") or "") or None

    async def hand_off(self, number: str, branch: str, user: User | None, note: str | None = None) -> Outcome:
        """Give the ticket to another branch, named by its code or its Chinese or English name (any case)."""
        code = self.answers.branch_code(branch)
        change = partial(
            tickets.hand_off,
            self.store,
            number=number,
            branch=code,
            actor=actor_of(user),
            note=note,
            now=self._now(),
        )
        try:
            ticket = await self._run(number, "hand_off", change)
        except errors.SameBranch:
            return self.answers.same_branch(number, code)
        except errors.CrewOnSite as exc:
            return self.answers.crew_at_work(number, exc.crew)
        if isinstance(ticket, Outcome):
            return ticket
        # a crew on its way stays on the ticket and keeps coming, unless the new branch changes it
        kept = ticket.crew if ticket.status is Status.DISPATCHED else None
        key = "done.handed_off_crew" if kept else "done.handed_off"
        crew = self.answers.crew(kept or "")
        return Outcome(self.say(key, number=ticket.number, branch=self.answers.branch(code), crew=crew))

    async def note(self, number: str, text: str, user: User | None) -> Outcome:
        """Add a note to the ticket's log."""
        ticket = await self._ours(number)
        if isinstance(ticket, Outcome):
            return ticket
        await tickets.add_note(
            self.store, number=number, actor=actor_of(user), text=text, now=self._now(), staff=name_of(user)
        )
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

    def _status_change(self, number: str, to: Status, user: User | None, note: str | None) -> Change:
        return partial(
            tickets.transition,
            self.store,
            number=number,
            to=to,
            actor=actor_of(user),
            note=note,
            now=self._now(),
            staff=name_of(user),
        )

    async def _ours(self, number: str) -> TicketInfo | Outcome:
        """The ticket this chat acts on, or why not (no such ticket, another branch's)."""
        ticket = await tickets.get(self.store, number=number)
        if ticket is None:
            return refused(self.say("error.unknown_ticket", number=number))
        return self.elsewhere(ticket) or ticket

    async def _run(self, number: str, action: str, change: Change) -> TicketInfo | Outcome:
        """Run one store change and refresh the card: the ticket as changed, or why it was refused (another
        branch's ticket: not run at all)."""
        ticket = await self._ours(number)
        if isinstance(ticket, Outcome):
            return ticket
        try:
            changed = await change()
        except errors.NoArrivalTold as exc:
            # the card may still ask to check a word settled meanwhile: it shows the ticket as it is
            await self.board.refresh(number)
            status = self.say(f"status.{exc.status}")
            return refused(self.say("error.no_arrival_told", number=number, status=status))
        except errors.TakesNoCrew as exc:
            # an old card may still offer a crew: it gets the call-back's (the complaint's) own buttons
            await self.board.refresh(number)
            key = f"error.{exc.kind}_no_crew" + ("_withheld" if exc.withheld else "")
            return refused(self.say(key, number=number))
        except errors.TicketNotFound:
            return refused(self.say("error.unknown_ticket", number=number))
        except errors.NobodyToCall:
            await self.board.refresh(number)  # an old card may still offer the call: it loses the button
            return refused(self.say("error.no_call_back", number=number))
        except errors.IllegalTransition as exc:
            return await self._illegal(number, action, exc)
        except errors.UnknownCrew as exc:
            return self.answers.unknown_crew(ticket, exc.code)
        except errors.UnknownBranch as exc:
            choices = self.answers.other_branches(ticket.branch)
            return refused(self.say("error.unknown_branch", branch=exc.code, choices=choices))
        await self.board.refresh(number)
        return changed

    async def _illegal(self, number: str, action: str, exc: errors.IllegalTransition) -> Outcome:
        """A move the lifecycle refuses; one made already (two staff pressing On site at once) says by whom and
        when."""
        status = self.say(f"status.{exc.from_status}")
        doing = self.say(f"action.{action}")
        if exc.from_status == exc.to_status and action in ("on_site", "resolve"):
            made = ("to_status", exc.to_status)
            return refused(await self._met("error.already", number, made, status=status, action=doing))
        return refused(self.say("error.illegal", number=number, status=status, action=doing))

    async def _met(self, key: str, number: str, made: tuple[str, str], **values: object) -> str:
        """The refusal `key` of a move met by an earlier one: with who made the change that set `made` (a key of the
        log and its value) and when; `{key}_earlier`, without them, where the log does not say (a ticket from before
        it kept who took it or sent its crew, or moved by a building fault), rather than a dash."""
        events = await tickets.events(self.store, number=number)
        event = history.latest(events, *made)
        if event is None:
            return self.say(f"{key}_earlier", number=number, **values)
        zone = self.access.services.company.zone
        when = clock_time(event.created_at, self._now(), zone)
        return self.say(key, number=number, who=history.doer(self.lang, event), time=when, **values)

    def _now(self) -> dt.datetime:
        return self.access.services.clock()
