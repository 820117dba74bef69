"""Staff commands in a staff chat: /open /ticket /take /dispatch /onsite /resolve /handoff /note /shift."""

from __future__ import annotations

import re

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.staff.access import IsStaff, StaffAccess
from bot.staff.board import remember_post
from bot.staff.desk import Desk
from bot.staff.reports import chunks, open_report, shift_report, ticket_report

HTML = "HTML"
STAFF_COMMANDS = (
    "open",
    "ticket",
    "take",
    "dispatch",
    "onsite",
    "resolve",
    "handoff",
    "note",
    "shift",
    "done",
    "broadcast",
)
_NUMBER = re.compile(r"^#?(\d{1,12})$")


def split_args(command: CommandObject | None) -> tuple[str | None, str]:
    """The ticket number the command names (None when missing or not a number) and the rest of its text."""
    args = (command.args or "").strip() if command else ""
    first, _, rest = args.partition(" ")
    match = _NUMBER.match(first)
    return (match[1] if match else None), rest.strip()


async def list_open(message: Message, access: StaffAccess) -> None:
    """/open: the chat's open tickets, oldest first, with the time left."""
    for text in await open_report(access, message.chat.id):
        await message.answer(text, parse_mode=HTML)


async def hand_over_shift(message: Message, access: StaffAccess) -> None:
    """/shift: the handover report."""
    for text in await shift_report(access, message.chat.id):
        await message.answer(text, parse_mode=HTML)


async def show_ticket(message: Message, command: CommandObject, access: StaffAccess, desk: Desk) -> None:
    """/ticket N: the ticket as it stands."""
    number, _ = split_args(command)
    if number is None:
        await message.reply(desk.say("error.usage_number", command="ticket"), parse_mode=HTML)
        return
    report = await ticket_report(access, number)
    for text in chunks([report or desk.say("error.unknown_ticket", number=number)]):
        sent = await message.reply(text, parse_mode=HTML)
        if report:
            await remember_post(access.services.store, message.chat.id, sent.message_id, number)


async def take_ticket(message: Message, command: CommandObject, desk: Desk) -> None:
    """/take N."""
    number, _ = split_args(command)
    if number is None:
        await message.reply(desk.say("error.usage_number", command="take"), parse_mode=HTML)
        return
    await message.reply((await desk.take(number, message.from_user)).text, parse_mode=HTML)


async def dispatch_crew(message: Message, command: CommandObject, desk: Desk) -> None:
    """/dispatch N CREW."""
    number, crew = split_args(command)
    if number is None or not crew or " " in crew:
        await message.reply(desk.say("error.usage_dispatch"), parse_mode=HTML)
        return
    await message.reply((await desk.dispatch(number, crew, message.from_user)).text, parse_mode=HTML)


async def mark_on_site(message: Message, command: CommandObject, desk: Desk) -> None:
    """/onsite N."""
    number, _ = split_args(command)
    if number is None:
        await message.reply(desk.say("error.usage_number", command="onsite"), parse_mode=HTML)
        return
    await message.reply((await desk.on_site(number, message.from_user)).text, parse_mode=HTML)


async def resolve_ticket(message: Message, command: CommandObject, desk: Desk) -> None:
    """/resolve N [note]."""
    number, note = split_args(command)
    if number is None:
        await message.reply(desk.say("error.usage_number", command="resolve"), parse_mode=HTML)
        return
    outcome = await desk.resolve(number, message.from_user, note or None)
    await message.reply(outcome.text, parse_mode=HTML)


async def hand_off_ticket(message: Message, command: CommandObject, desk: Desk) -> None:
    """/handoff N BRANCH [note]."""
    number, rest = split_args(command)
    branch, _, note = rest.partition(" ")
    if number is None or not branch:
        await message.reply(desk.say("error.usage_handoff"), parse_mode=HTML)
        return
    outcome = await desk.hand_off(number, branch, message.from_user, note.strip() or None)
    await message.reply(outcome.text, parse_mode=HTML)


async def note_ticket(message: Message, command: CommandObject, desk: Desk) -> None:
    """/note N text."""
    number, text = split_args(command)
    if number is None or not text:
        await message.reply(desk.say("error.usage_note"), parse_mode=HTML)
        return
    await message.reply((await desk.note(number, text, message.from_user)).text, parse_mode=HTML)


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
        (hand_off_ticket, "handoff"),
        (note_ticket, "note"),
    ):
        commands.message.register(handler, Command(name), IsStaff())
    return commands
