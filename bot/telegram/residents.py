"""Messages from residents in private chats: text, photos, locations, shared contacts, and the rest."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import Message

from bot.dialogue import Dialogue
from bot.replies import Location, Photo, SharedContact, Text, Unsupported
from bot.telegram.filters import ResidentChat
from bot.telegram.talk import identity_of, talk


async def write_to_us(message: Message, bot: Bot, dialogue: Dialogue) -> None:
    """Typed text (also forwarded text) goes to the dialogue as it is."""
    inbound = Text(message.text or "", forwarded=message.forward_origin is not None)
    await talk(bot, dialogue, identity_of(message.chat, message.from_user), inbound, delivery=_id(message))


async def send_photo(message: Message, bot: Bot, dialogue: Dialogue) -> None:
    """The largest size of a photo, with its caption."""
    photo = message.photo[-1] if message.photo else None
    inbound = Photo(photo.file_id, message.caption) if photo else Unsupported("photo")
    await talk(bot, dialogue, identity_of(message.chat, message.from_user), inbound, delivery=_id(message))


async def share_location(message: Message, bot: Bot, dialogue: Dialogue) -> None:
    location = message.location
    assert location is not None
    inbound = Location(location.latitude, location.longitude)
    await talk(bot, dialogue, identity_of(message.chat, message.from_user), inbound, delivery=_id(message))


async def share_contact(message: Message, bot: Bot, dialogue: Dialogue) -> None:
    """Only the resident's own phone number links their calls; someone else's card is just a file."""
    contact = message.contact
    own = contact is not None and message.from_user is not None and contact.user_id == message.from_user.id
    inbound = SharedContact(contact.phone_number) if own and contact else Unsupported("contact")
    await talk(bot, dialogue, identity_of(message.chat, message.from_user), inbound, delivery=_id(message))


async def send_something_else(message: Message, bot: Bot, dialogue: Dialogue) -> None:
    """Stickers, voice notes, videos, documents, polls...: the dialogue says what works instead."""
    kind = message.content_type
    inbound = Unsupported(str(getattr(kind, "value", kind)))
    await talk(bot, dialogue, identity_of(message.chat, message.from_user), inbound, delivery=_id(message))


async def edit_message(message: Message, bot: Bot, dialogue: Dialogue) -> None:
    """An edit is not taken back into what was handled; the dialogue still reads its words for an emergency."""
    inbound = Unsupported("edited", message.text or message.caption or "")
    await talk(bot, dialogue, identity_of(message.chat, message.from_user), inbound)


def _id(message: Message) -> str:
    """The message's id in its chat: the same message delivered twice is answered once."""
    return f"m{message.message_id}"


def router(staff_chat_ids: frozenset[int]) -> Router:
    """The resident router; it never sees a staff chat or a group."""
    residents = Router(name="residents")
    residents.message.filter(ResidentChat(staff_chat_ids))
    residents.edited_message.filter(ResidentChat(staff_chat_ids))
    residents.message.register(write_to_us, F.text)
    residents.message.register(send_photo, F.photo)
    residents.message.register(share_location, F.location)
    residents.message.register(share_contact, F.contact)
    residents.message.register(send_something_else)
    residents.edited_message.register(edit_message)
    return residents
