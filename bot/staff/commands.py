"""Staff commands in a staff chat: /open /ticket /take /dispatch /onsite /resolve /cancel /handoff /note /shift, in any
case; an unknown command is answered with the list."""

from __future__ import annotations

import re
import unicodedata

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import Message

from bot.staff.access import IsStaff, StaffAccess
from bot.staff.board import remember_post
from bot.staff.desk import Desk, Outcome
from bot.staff.reports import chunks, open_report, shift_report, ticket_report
from storage import tickets

HTML = "HTML"
STAFF_COMMANDS = (
    "open",
    "ticket",
    "take",
    "dispatch",
    "onsite",
    "resolve",
    "cancel",
    "handoff",
    "note",
    "shift",
    "done",
    "broadcast",
    "incident",
)
_NUMBER = re.compile(r"^#?([0-9]{1,12})$")
# what a phone keyboard or an IME leaves after a word: "1000017。", "C03，"
_TRAILING = "。．.，,、；;：:！!？?）)」』】"


def staff_command(*names: str) -> Command:
    """A filter for these staff commands, in any case ("/TAKE 123456" is /take)."""
    return Command(*names, ignore_case=True)


def split_args(command: CommandObject | None) -> tuple[str | None, str]:
    """The ticket number the command names (None when missing or not a number) and the rest of its text, as staff
    type them on any keyboard: full-width digits ("１０００００１７") are read as plain ones, and punctuation after the
    number ("1000017。") is not part of it."""
    words = (command.args or "").split(maxsplit=1) if command else []
    first, *rest = words or [""]
    match = _NUMBER.match(bare(first))
    return (match[1] if match else None), "".join(rest).strip()


def bare(word: str) -> str:
    """A number or code as typed on any keyboard: full-width characters as plain ones, without the punctuation after
    it ("Ｃ０３。" is C03). Staff's own words (a note) are kept as written."""
    return unicodedata.normalize("NFKC", word).rstrip(_TRAILING)


async def answer(message: Message, outcome: Outcome) -> None:
    """Reply with a desk's outcome, and the deliberate change it offers (Take over, Change crew) as a button."""
    await message.reply(outcome.text, parse_mode=HTML, reply_markup=outcome.offer)


async def list_open(message: Message, command: CommandObject, access: StaffAccess, desk: Desk) -> None:
    """/open: the chat's open tickets, oldest first, with the time left."""
    if not await no_arguments(message, command, desk):
        return
    for text in await open_report(access, message.chat.id):
        await message.answer(text, parse_mode=HTML)


async def hand_over_shift(message: Message, command: CommandObject, access: StaffAccess, desk: Desk) -> None:
    """/shift: the handover report."""
    if not await no_arguments(message, command, desk):
        return
    for text in await shift_report(access, message.chat.id):
        await message.answer(text, parse_mode=HTML)


async def one_number(message: Message, command: CommandObject, desk: Desk) -> str | None:
    """The one ticket number a command names; else staff are told how to write it, and None."""
    number, rest = split_args(command)
    name = command.command.lower()
    if number is None or rest:
        key = "error.usage_number" if number is None else "error.one_number"
        await message.reply(desk.say(key, command=name), parse_mode=HTML)
        return None
    return number


async def no_arguments(message: Message, command: CommandObject, desk: Desk) -> bool:
    """A command that takes nothing after it; anything there is answered with how to write it."""
    if command.args and command.args.strip():
        name = command.command.lower()
        await message.reply(desk.say("error.no_arguments", command=name), parse_mode=HTML)
        return False
    return True


async def show_ticket(message: Message, command: CommandObject, access: StaffAccess, desk: Desk) -> None:
    """/ticket N: the ticket as it stands."""
    number = await one_number(message, command, desk)
    if number is None:
        return
    ticket = await tickets.get(access.services.store, number=number)
    refusal = desk.elsewhere(ticket) if ticket is not None else None
    if refusal is not None:
        await answer(message, refusal)
        return
    report = await ticket_report(access, number)
    for text in chunks([report or desk.say("error.unknown_ticket", number=number)]):
        sent = await message.reply(text, parse_mode=HTML)
        if report:
            await remember_post(access.services.store, message.chat.id, sent.message_id, number)


async def take_ticket(message: Message, command: CommandObject, desk: Desk) -> None:
    """/take N."""
    number = await one_number(message, command, desk)
    if number is None:
        return
    await answer(message, await desk.take(number, message.from_user))


async def dispatch_crew(message: Message, command: CommandObject, desk: Desk) -> None:
    """/dispatch N CREW: the crew by its code or its name ('Chaoyang repair team 1' too)."""
    number, crew = split_args(command)
    crew = bare(crew)
    if number is None or not crew:
        await message.reply(desk.say("error.usage_dispatch"), parse_mode=HTML)
        return
    await answer(message, await desk.dispatch(number, crew, message.from_user))


async def mark_on_site(message: Message, command: CommandObject, desk: Desk) -> None:
    """/onsite N."""
    number = await one_number(message, command, desk)
    if number is None:
        return
    await answer(message, await desk.on_site(number, message.from_user))


async def resolve_ticket(message: Message, command: CommandObject, desk: Desk) -> None:
    """/resolve N [note]."""
    await _closing(message, command, desk, "resolve")


async def cancel_ticket(message: Message, command: CommandObject, desk: Desk) -> None:
    """/cancel N [reason]: the resident withdrew the report; an emergency is cancelled only once staff confirm it."""
    await _closing(message, command, desk, "cancel")


async def _closing(message: Message, command: CommandObject, desk: Desk, name: str) -> None:
    """/resolve or /cancel: one ticket number and, optionally, words kept with the move."""
    number, words = split_args(command)
    if number is None:
        await message.reply(desk.say("error.usage_number", command=name), parse_mode=HTML)
        return
    act = desk.resolve if name == "resolve" else desk.cancel
    await answer(message, await act(number, message.from_user, words or None))


async def hand_off_ticket(message: Message, command: CommandObject, desk: Desk) -> None:
    """/handoff N BRANCH [note]."""
    number, rest = split_args(command)
    branch, _, note = rest.partition(" ")
    if number is None or not branch:
        await message.reply(desk.say("error.usage_handoff"), parse_mode=HTML)
        return
    outcome = await desk.hand_off(number, bare(branch), message.from_user, note.strip() or None)
    await answer(message, outcome)


async def note_ticket(message: Message, command: CommandObject, desk: Desk) -> None:
    """/note N text."""
    number, text = split_args(command)
    if number is None or not text:
        await message.reply(desk.say("error.usage_note"), parse_mode=HTML)
        return
    await answer(message, await desk.note(number, text, message.from_user))


async def unknown_command(message: Message, desk: Desk) -> None:
    """A command no staff handler knows ("/foo"): one line naming it and listing those there are."""
    name = (message.text or "/").split(maxsplit=1)[0].partition("@")[0]
    await message.reply(desk.say("error.unknown_command", command=name), parse_mode=HTML)


class ForThisBot(Filter):
    """A "/command" meant for this bot: no @mention, or this bot's (another bot's commands are not ours)."""

    async def __call__(self, message: Message, bot: Bot) -> bool:
        words = (message.text or "").split(maxsplit=1)
        head = words[0] if words else ""
        if not head.startswith("/"):
            return False
        _, _, mention = head.partition("@")
        return not mention or mention.lower() == ((await bot.me()).username or "").lower()


def router() -> Router:
    """The staff commands, each for staff only (anyone else falls through to the refusals)."""
    commands = Router(name="staff.commands")
    for handler, name in (
        (list_open, "open"),
        (hand_over_shift, "shift"),
        (show_ticket, "ticket"),
        (take_ticket, "take"),
        (dispatch_crew, "dispatch"),
        (mark_on_site, "onsite"),
        (resolve_ticket, "resolve"),
        (cancel_ticket, "cancel"),
        (hand_off_ticket, "handoff"),
        (note_ticket, "note"),
    ):
        commands.message.register(handler, staff_command(name), IsStaff())
    return commands
