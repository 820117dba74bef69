"""The cards on the staff chats' board: one message per (ticket, chat), posted once and then edited in place."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup, ReplyParameters

from bot.staff import history
from bot.staff.access import StaffAccess
from bot.staff.cards import CardView, FlatLinks, card_text
from bot.staff.keyboards import card_keyboard
from intents.repair_news import called_before
from storage import Store, contacts, conversations, reach, tickets
from storage.emergencies import BESIDE, REPORTED_BESIDE
from storage.reconcile import SAME_FLAT
from storage.values import OPEN_STATUSES, EventInfo, TicketInfo

log = logging.getLogger("bot.staff")
HTML = "HTML"


def card_key(number: str, chat_id: int) -> str:
    """Where the card of `number` in `chat_id` is remembered."""
    return f"card:{number}:{chat_id}"


def post_key(chat_id: int, message_id: int) -> str:
    """Where the ticket a staff-chat message is about (its card, an alert under it) is remembered."""
    return f"post:{chat_id}:{message_id}"


async def _open_named(store: Store, events: list[EventInfo], kind: str, key: str) -> TicketInfo | None:
    """The ticket the latest event of `kind` names at `key`, while it is open."""
    named = (e.data.get(key) for e in reversed(events) if e.kind == kind)
    number = next((str(n) for n in named if n), None)
    found = await tickets.get(store, number=number) if number else None
    return found if found is not None and found.status in OPEN_STATUSES else None


async def flat_links(store: Store, events: list[EventInfo]) -> FlatLinks:
    """The flat's other tickets a ticket's card names, from its log (storage.emergencies, storage.reconcile)."""
    return FlatLinks(
        repair=await _open_named(store, events, BESIDE, "repair"),
        emergency=await _open_named(store, events, REPORTED_BESIDE, "emergency"),
        same_flat=await _open_named(store, events, SAME_FLAT, "ticket"),
        merged=history.merged(events),
        merged_into=history.merged_into(events),
    )


async def possible_twin(store: Store, ticket: TicketInfo) -> TicketInfo | None:
    """Another resident's leak or burst without its address reported shortly before this one, which may be the same
    water told twice (a call, then a chat: "我刚才打电话报了…" looks further back); the card names it."""
    return await tickets.possible_twin(store, ticket=ticket, called_before=called_before(ticket.description))


async def ticket_of_post(store: Store, chat_id: int, message_id: int) -> str | None:
    """The number of the ticket a message in a staff chat is about, or None when it is about none."""
    state = await conversations.load(store, key=post_key(chat_id, message_id))
    return str(state["number"]) if state and state.get("number") else None


async def remember_post(store: Store, chat_id: int, message_id: int, number: str) -> None:
    """This staff-chat message is about ticket `number`: a staff reply to it is meant for its resident."""
    await conversations.save(store, key=post_key(chat_id, message_id), state={"number": number})


def not_modified(exc: TelegramBadRequest) -> bool:
    """Telegram's answer to an edit that changes nothing: the card already shows this."""
    return "message is not modified" in exc.message.lower()


def _gone(exc: TelegramBadRequest) -> bool:
    return "message to edit not found" in exc.message.lower()


class Board:
    """Posts, edits and annotates ticket cards in staff chats."""

    def __init__(self, bot: Bot, access: StaffAccess) -> None:
        self.bot = bot
        self.access = access
        self.store = access.services.store

    async def show(self, number: str, chat_id: int, **notes: Any) -> int | None:
        """Post the card of `number` in `chat_id`, or edit the one already there; `notes` stick to the card."""
        ticket = await tickets.get(self.store, number=number)
        if ticket is None:
            return None
        key = card_key(number, chat_id)
        state = {**(await conversations.load(self.store, key=key) or {}), **notes}
        text, keyboard = await self._render(ticket, state, chat_id)
        message_id = state.get("message_id")
        if isinstance(message_id, int) and await self._edit(chat_id, message_id, text, keyboard):
            if notes:
                await conversations.save(self.store, key=key, state=state)
            return message_id
        sent = await self.bot.send_message(chat_id=chat_id, text=text, parse_mode=HTML, reply_markup=keyboard)
        await conversations.save(self.store, key=key, state={**state, "message_id": sent.message_id})
        await remember_post(self.store, chat_id, sent.message_id, number)
        return sent.message_id

    async def refresh(self, number: str) -> None:
        """Edit the card of `number` wherever it was posted; a failure is logged, never raised."""
        for chat_id in sorted(self.access.chats):
            state = await conversations.load(self.store, key=card_key(number, chat_id))
            if not state or not isinstance(state.get("message_id"), int):
                continue
            try:
                await self.show(number, chat_id)
            except TelegramAPIError as exc:
                log.warning("could not update the card of %s in %s: %s", number, chat_id, exc)

    async def alert(self, number: str, chat_id: int, text: str) -> int:
        """A short line under the card, so the chat is notified although the card is only edited; its message id."""
        reply = await self._under_card(number, chat_id)
        sent = await self.bot.send_message(
            chat_id=chat_id, text=text, parse_mode=HTML, reply_parameters=reply
        )
        await remember_post(self.store, chat_id, sent.message_id, number)
        return sent.message_id

    async def photo(self, number: str, chat_id: int, file_id: str, caption: str) -> int:
        """A resident's photo under the card (Telegram keeps it by `file_id`: nothing is downloaded); its message id."""
        sent = await self.bot.send_photo(
            chat_id=chat_id,
            photo=file_id,
            caption=caption,
            parse_mode=HTML,
            reply_parameters=await self._under_card(number, chat_id),
        )
        await remember_post(self.store, chat_id, sent.message_id, number)
        return sent.message_id

    async def location(self, number: str, chat_id: int, lat: float, lon: float) -> int:
        """A location a resident shared, as a map under the card; its message id."""
        under = await self._under_card(number, chat_id)
        sent = await self.bot.send_location(
            chat_id=chat_id, latitude=lat, longitude=lon, reply_parameters=under
        )
        await remember_post(self.store, chat_id, sent.message_id, number)
        return sent.message_id

    async def _under_card(self, number: str, chat_id: int) -> ReplyParameters | None:
        """Where a line about the ticket goes: as a reply to its card, when the card is in the chat."""
        state = await conversations.load(self.store, key=card_key(number, chat_id)) or {}
        message_id = state.get("message_id")
        if not isinstance(message_id, int):
            return None
        return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)

    async def _render(
        self, ticket: TicketInfo, state: dict[str, Any], chat_id: int
    ) -> tuple[str, InlineKeyboardMarkup | None]:
        """The card and its buttons in `chat_id`; a chat that does not act on the ticket's branch (the one it was
        handed from) sees it without buttons."""
        services, lang = self.access.services, self.access.language
        contact = await contacts.get(self.store, contact_id=ticket.contact_id)
        events = await tickets.events(self.store, number=ticket.number)
        twin = await possible_twin(self.store, ticket)
        view = CardView(
            ticket=ticket,
            phone=contact.phone if contact else None,
            phone_typed=contact.phone_typed if contact else False,
            language=contact.language if contact else None,
            name=contact.telegram_name if contact else None,
            call_on=history.call_on(events),
            now=services.clock(),
            # the reason as told to this chat, or as logged (a card new to a chat the ticket moved to)
            reason=state.get("reason") or (history.escalation_reason(events) if ticket.escalated else None),
            undelivered=await reach.unreached(self.store, number=ticket.number),
            recordings=history.recordings(events),
            address_unconfirmed=history.address_unconfirmed(events),
            called_back=history.last_call(events),
            followers=history.followers(events),
            reopened_by=history.reopener(lang, events),
            links=await flat_links(self.store, events),
            twin=twin,
            foreign=not self.access.serves(chat_id, ticket.branch),
        )
        merge = twin.number if twin is not None else None
        keyboard = None if view.foreign else card_keyboard(ticket, lang, view.phone, merge)
        return card_text(view, services.company, lang), keyboard

    async def _edit(
        self, chat_id: int, message_id: int, text: str, keyboard: InlineKeyboardMarkup | None
    ) -> bool:
        """Edit in place; False when the card is gone from the chat (then it is posted anew)."""
        try:
            await self.bot.edit_message_text(
                chat_id=chat_id, message_id=message_id, text=text, parse_mode=HTML, reply_markup=keyboard
            )
        except TelegramBadRequest as exc:
            if not_modified(exc):
                return True
            if _gone(exc):
                return False
            raise
        return True
