"""How the staff desk words what became of a move about a crew or a branch: a crew sent, sent instead of another,
recorded on site; or why not (an unknown crew, another branch's, the one already sent; a ticket of another branch's
chat; a hand-off to the branch that has it, or with the crew at work); and what a cancel would cancel, or marking
resolved a repair no crew went to would do, for staff to confirm. Pure, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.types import InlineKeyboardMarkup

from bot.staff.cards import branch_crews, branch_label, crew_label, status_word
from bot.staff.texts import Markup, say
from intents.company import Company
from storage.values import REPAIR_KINDS, Priority, Status, TicketInfo, withheld


@dataclass(frozen=True, slots=True)
class Outcome:
    """One line to answer with, whether the ticket moved, and the deliberate change offered instead of one that did
    not happen (Take over, Change crew), as buttons under a command's answer."""

    text: str
    ok: bool = True
    offer: InlineKeyboardMarkup | None = None
    alert: bool = False  # done, with a warning a button's answer shows until dismissed


def refused(text: str, offer: InlineKeyboardMarkup | None = None) -> Outcome:
    """An answer of a move that did not happen."""
    return Outcome(text, ok=False, offer=offer)


@dataclass(frozen=True, slots=True)
class Answers:
    """The desk's sentences about crews and branches, in the staff chats' language."""

    company: Company
    lang: str

    def crew(self, code: str) -> str:
        """A crew's name and code ("南关抢修一队 C01")."""
        return crew_label(self.company, code, self.lang)

    def branch(self, code: str | None) -> str:
        """A branch's name."""
        return branch_label(self.company, code or "", self.lang)

    def dispatched(self, ticket: TicketInfo, replaced: str | None, phone: str | None = None) -> Outcome:
        """What became of a dispatch: sent, sent instead of another, or the crew on site recorded or corrected. A crew
        sent to a leak or burst nobody has given the address of is sent all the same (staff may phone meanwhile), with
        a warning to be dismissed: call the resident (their `phone`), or, withheld or none, what to do instead."""
        previous = self.crew(replaced) if replaced else ""
        if ticket.status is Status.ON_SITE:
            key = "done.crew_corrected" if previous else "done.crew_recorded"
        else:
            key = "done.redispatched" if previous else "done.dispatched"
        crew = self.crew(ticket.crew or "")
        done = say(self.lang, key, number=ticket.number, crew=crew, previous=previous)
        if ticket.status is Status.ON_SITE or not ticket.unplaced:
            return Outcome(done)
        warning = (
            "done.no_address_withheld"
            if withheld(phone)
            else "done.no_address"
            if phone
            else "done.no_address_chat"
        )
        return Outcome(f"{done}\n{say(self.lang, warning, phone=phone or '')}", alert=True)

    def crew_refusal(self, ticket: TicketInfo, code: str) -> Outcome | None:
        """Why this crew is not sent to this ticket (unknown, another branch's, or the one it has), or None."""
        crew = self.company.crew(code)
        allowed = branch_crews(self.company, ticket.branch)
        if crew is None:
            return self.unknown_crew(ticket, code)
        if crew not in allowed:
            choices = self._crews(ticket)
            text = say(
                self.lang,
                "error.crew_of_other_branch",
                number=ticket.number,
                crew=self.crew(crew.code),
                branch=self.branch(ticket.branch),
                choices=choices,
            )
            return refused(text)
        if ticket.status in (Status.DISPATCHED, Status.ON_SITE) and ticket.crew == crew.code:
            return refused(
                say(self.lang, "error.already_dispatched", number=ticket.number, crew=self.crew(crew.code))
            )
        return None

    def crew_named(self, ticket: TicketInfo, named: str) -> str | Outcome:
        """The code of the crew staff `named` as they call it: its code, its full name ('朝阳抢修一队', 'Chaoyang
        repair team 1'), any case and spacing, or a part of its name that only one of the ticket's branch's crews
        has ('一队', 'team 2'); several crews of the branch so named: which, and their codes, are said; else
        `named` as given, for the crew refusal to answer."""
        wanted = _folded(named)
        crews = self.company.crews
        for crew in crews:
            if wanted in {_folded(crew.code), _folded(crew.name), _folded(crew.name_en)}:
                return crew.code
        own = branch_crews(self.company, ticket.branch)
        parts = [c for c in own if wanted and (wanted in _folded(c.name) or wanted in _folded(c.name_en))]
        if len(parts) == 1:
            return parts[0].code
        if parts:
            choices = ", ".join(self.crew(c.code) for c in parts)
            return refused(say(self.lang, "error.ambiguous_crew", crew=named, choices=choices))
        return named

    def unknown_crew(self, ticket: TicketInfo, code: str) -> Outcome:
        """No such crew: the ticket's branch's crews are named."""
        return refused(say(self.lang, "error.unknown_crew", crew=code, choices=self._crews(ticket)))

    def _crews(self, ticket: TicketInfo) -> str:
        return ", ".join(self.crew(c.code) for c in branch_crews(self.company, ticket.branch))

    def other_branches(self, code: str | None) -> str:
        """The names, in the chat's language, of the branches a ticket of `code` can be handed to."""
        return ", ".join(self.branch(b.code) for b in self.company.branches if b.code != code)

    def branch_code(self, named: str) -> str:
        """The code of the branch staff `named` as they call it: its code, its Chinese name full ('南关供热分公司')
        or short ('南关', '南关分公司'), or its English name ('Nanguan Branch', 'nanguan'), any case; else `named`
        as given, for the refusal to quote."""
        wanted = named.strip().casefold()
        for branch in self.company.branches:
            if wanted in _names_of(branch.code, branch.name, branch.name_en):
                return branch.code
        return named

    def not_this_chat(self, ticket: TicketInfo) -> Outcome:
        """The ticket is another branch's: this chat does not act on it."""
        branch = self.branch(ticket.branch)
        return refused(say(self.lang, "error.other_branch", number=ticket.number, branch=branch))

    def same_branch(self, number: str, code: str) -> Outcome:
        """A hand-off to the branch that has the ticket already."""
        choices = self.other_branches(code)
        return refused(
            say(self.lang, "error.same_branch", number=number, branch=self.branch(code), choices=choices)
        )

    def cancel_question(self, ticket: TicketInfo, reason: str | None = None, *, card: bool = False) -> str:
        """What a cancel would cancel (the ticket's number, problem, address and step, and the `reason` given), for
        staff to confirm: an emergency said to be one, answered with Confirm cancel and Keep ticket (`card`: the
        card's Confirm cancel and Back)."""
        key = "cancel.card"  # a ticket of no emergency is asked about only on its card
        if must_confirm(ticket):
            key = "cancel.emergency_card" if card else "cancel.emergency"
        reason_said = say(self.lang, "cancel.reason", reason=reason) if reason else ""
        return say(self.lang, key, **self._about(ticket), reason=Markup(reason_said))

    def resolve_question(self, ticket: TicketInfo, note: str | None = None, *, card: bool = False) -> str:
        """What marking resolved a repair no crew has been sent to would do (its resident told it is fixed and asked
        to rate it), the `note` given, and what else to do (/cancel, /dispatch), for staff to confirm with Confirm
        resolved or leave with Keep ticket (`card`: the card's Confirm resolved and Back)."""
        if card:
            return say(self.lang, "resolve.unvisited_card", number=ticket.number)
        note_said = say(self.lang, "resolve.note", note=note) if note else ""
        return say(self.lang, "resolve.unvisited", **self._about(ticket), note=Markup(note_said))

    def _about(self, ticket: TicketInfo) -> dict[str, object]:
        """The ticket's number, problem, address and step (with its crew), as a question about it names them."""
        status = status_word(ticket, self.lang)
        if ticket.crew:
            status = say(self.lang, "cancel.status_crew", status=Markup(status), crew=self.crew(ticket.crew))
        return {
            "number": ticket.number,
            "kind": say(self.lang, f"kind.{ticket.problem}"),
            "address": ticket.address_raw or say(self.lang, "cancel.no_address"),
            "status": Markup(status),
        }

    def crew_at_work(self, number: str, crew: str | None) -> Outcome:
        """A hand-off while the crew is in the flat."""
        label = self.crew(crew) if crew else say(self.lang, "status.on_site")
        return refused(say(self.lang, "error.handoff_on_site", number=number, crew=label))


def must_confirm(ticket: TicketInfo) -> bool:
    """An open emergency (a leak or burst, maybe with a crew rushing to it): cancelled only once staff confirm it."""
    return ticket.priority is Priority.EMERGENCY and ticket.is_open


def unvisited(ticket: TicketInfo) -> bool:
    """An open repair no crew has been sent to, nor recorded in the flat (since it was reopened, if it was): marked
    resolved only once staff confirm it, as its resident is then told it is fixed and asked to rate the repair."""
    crew_moves = {str(Status.DISPATCHED), str(Status.ON_SITE)} & ticket.status_times.keys()
    return ticket.kind in REPAIR_KINDS and ticket.is_open and not ticket.crew and not crew_moves


def _folded(name: str) -> str:
    """A crew's name or code as compared: any case, without spaces."""
    return "".join(name.split()).casefold()


def _names_of(code: str, name: str, name_en: str) -> set[str]:
    """Every way of naming one branch, folded: the name less its '供热分公司' or ' Branch' too."""
    short = name.removesuffix("供热分公司").removesuffix("分公司")
    names = {
        code,
        name,
        short,
        f"{short}分公司",
        f"{short}供热分公司",
        name_en,
        name_en.removesuffix(" Branch"),
    }
    return {n.strip().casefold() for n in names if n.strip()}
