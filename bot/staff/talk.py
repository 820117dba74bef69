"""Staff talking to a resident in handoff: a reply to a relayed message goes back; /done or the button ends it."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.dialogue import Dialogue
from bot.staff.access import IsStaff, StaffAccess
from bot.staff.commands import staff_command
from bot.staff.keyboards import EndHandoff
from bot.staff.relay import Relay, Resident, reply_to
from bot.staff.texts import plain, say

HTML = "HTML"


async def answer_resident(message: Message, relay: Relay) -> None:
    """A staff reply to a relayed message, a ticket card or an alert: carried to that resident."""
    replied = message.reply_to_message
    if replied is None or not message.text:
        return
    answer = await relay.reply(message.chat.id, replied.message_id, message.text, message.from_user)
    if answer is not None:  # else staff replying to each other
        await message.reply(answer, parse_mode=HTML)


async def end_by_command(message: Message, relay: Relay, access: StaffAccess, dialogue: Dialogue) -> None:
    """/done as a reply to a relayed message."""
    replied = message.reply_to_message
    resident = await relay.resident_of(message.chat.id, replied.message_id) if replied else None
    if resident is None:
        await message.reply(say(access.language, "relay.not_relay"), parse_mode=HTML)
        return
    await message.reply(await _end(resident, relay, dialogue), parse_mode=HTML)


async def end_by_button(
    query: CallbackQuery, callback_data: EndHandoff, relay: Relay, dialogue: Dialogue
) -> None:
    """The "end handoff" button on a resident's request."""
    resident = await relay.resident_by_contact(callback_data.contact)
    if resident is None:
        await query.answer(say(relay.lang, "error.stale"), show_alert=True)
        return
    text = await _end(resident, relay, dialogue)
    await query.answer(plain(text)[:200])
    if query.message is not None:
        await query.message.answer(text, parse_mode=HTML, reply_parameters=reply_to(query.message.message_id))


async def _end(resident: Resident, relay: Relay, dialogue: Dialogue) -> str:
    replies = await dialogue.end_handoff(resident.identity)
    return await relay.finish(resident, replies)


def router() -> Router:
    """Relay replies and ending a handoff, for staff only."""
    talk = Router(name="staff.talk")
    talk.message.register(end_by_command, staff_command("done"), IsStaff())
    is_reply = F.reply_to_message & F.text & ~F.text.startswith("/")
    talk.message.register(answer_resident, is_reply, IsStaff())
    talk.callback_query.register(end_by_button, EndHandoff.filter(), IsStaff())
    return talk
