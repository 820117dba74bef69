"""Human handoff: residents' messages relayed into the staff chat, staff replies queued back to the resident."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

from aiogram import Bot
from aiogram.types import ReplyParameters, User

from bot.notifications import HANDED_BACK
from bot.replies import Identity, Reply, render_plain
from bot.staff.access import StaffAccess, actor_of, name_of
from bot.staff.answers import Answers
from bot.staff.board import ticket_of_post
from bot.staff.cards import clip, language_line, mask_phone
from bot.staff.history import follower_label
from bot.staff.keyboards import handoff_keyboard
from bot.staff.texts import Markup, resident_label, say
from bot.telegram.keyboards import send_replies
from storage import contacts, conversations, errors, outbox, tickets
from storage.values import Audience, Channel, NotificationInfo

log = logging.getLogger("bot.staff")
REPLY_EVENT = "staff.reply"
HTML = "HTML"


@dataclass(frozen=True, slots=True)
class Resident:
    """Whom a relayed message came from, and how to answer them."""

    contact_id: int
    channel: Channel
    ident: str  # Telegram chat id or phone number
    language: str = "zh-Hans"
    ticket: str = (
        ""  # a resident following this ticket, whose line under its card staff answer (storage.followers)
    )
    name: str = ""  # the name the Telegram user shows, when known

    @property
    def identity(self) -> Identity:
        return Identity(self.channel, self.ident)

    @property
    def reply_channel(self) -> Channel:
        """Callers and texters are answered by SMS."""
        return self.channel if self.channel in (Channel.TELEGRAM, Channel.CONSOLE) else Channel.SMS

    @classmethod
    def of(cls, n: NotificationInfo) -> Resident:
        """The resident a handoff notification is about (its payload names the conversation)."""
        payload = n.payload
        _, _, ident = str(payload["conversation"]).partition(":")
        name = str(payload.get("name") or "")
        return cls(int(payload["contact_id"]), Channel(payload["channel"]), ident, n.language, name=name)

    @classmethod
    def load(cls, state: dict[str, Any] | None) -> Resident | None:
        """A resident remembered in conversation state, or None."""
        if not state or "contact_id" not in state:
            return None
        return cls(
            int(state["contact_id"]),
            Channel(state["channel"]),
            str(state["ident"]),
            str(state["language"]),
            str(state.get("ticket") or ""),
            str(state.get("name") or ""),
        )


def relay_key(chat_id: int, message_id: int) -> str:
    """Where the resident behind a relayed message is remembered."""
    return f"relay:{chat_id}:{message_id}"


def handoff_key(contact_id: int) -> str:
    """Where a resident's open handoff is remembered (for the "end handoff" button)."""
    return f"handoff:{contact_id}"


class Relay:
    """Posts residents' words to staff and carries staff answers back."""

    def __init__(self, bot: Bot, access: StaffAccess) -> None:
        self.bot = bot
        self.access = access
        self.store = access.services.store
        self.lang = access.language

    async def post(self, n: NotificationInfo, chat_id: int) -> None:
        """Post a "handoff.requested" (with its button) or "handoff.message" and remember whose it is."""
        resident = Resident.of(n)
        contact = await self._contact_label(resident)
        text = await self._words(n.payload)
        if n.event == "handoff.requested":
            body = say(
                self.lang,
                "relay.requested",
                branch=self._branch(n.payload),
                contact=contact,
                language=Markup(language_line(self.lang, resident.language)),
                tickets=await self._tickets(resident),
                text=Markup(text),
                report=Markup(self._report(n.payload.get("report")) + self._moved(n.payload)),
            )
            keyboard = handoff_keyboard(resident.contact_id, self.lang)
            await conversations.save(self.store, key=handoff_key(resident.contact_id), state=asdict(resident))
        elif n.event == "handoff.moved":  # the talk went on at the branch serving the flat the resident named
            to = self._branch({"branch": n.payload.get("to")})
            body, keyboard = say(self.lang, "relay.moved", contact=contact, branch=to), None
        else:
            body, keyboard = say(self.lang, "relay.message", contact=contact, text=Markup(text)), None
        photo = n.payload.get("photo")
        if photo and keyboard is None:  # the photo itself, which staff could not see from a "[照片]"
            sent = await self.bot.send_photo(chat_id=chat_id, photo=str(photo), caption=body, parse_mode=HTML)
        else:
            sent = await self.bot.send_message(
                chat_id=chat_id, text=body, parse_mode=HTML, reply_markup=keyboard
            )
        await self.remember(chat_id, sent.message_id, resident)

    async def remember(self, chat_id: int, message_id: int, resident: Resident) -> None:
        """This staff-chat message shows the resident's words: a staff reply to it is carried to them."""
        await conversations.save(self.store, key=relay_key(chat_id, message_id), state=asdict(resident))

    async def resident_of(self, chat_id: int, message_id: int) -> Resident | None:
        """The resident behind a relayed message, or None when it was not one."""
        return Resident.load(await conversations.load(self.store, key=relay_key(chat_id, message_id)))

    async def resident_by_contact(self, contact_id: int) -> Resident | None:
        """The resident of an open handoff, by contact id."""
        return Resident.load(await conversations.load(self.store, key=handoff_key(contact_id)))

    async def answer(self, resident: Resident, text: str, staff: str, *, chat_id: int | None = None) -> None:
        """Queue a staff member's words for the resident (the outbox delivers them on the resident's channel); from
        the staff chat `chat_id`, whose branch the resident's talk then goes on with."""
        branches = self.access.services.company.branches
        branch = next((b.code for b in branches if chat_id is not None and b.staff_chat_id == chat_id), None)
        await self._enqueue(resident, REPLY_EVENT, {"text": text, "staff": staff, "branch": branch})

    async def _enqueue(self, resident: Resident, event: str, payload: dict[str, Any]) -> None:
        """Queue a notice for the resident on their channel; texted from the hotline they used."""
        contact = await contacts.get(self.store, contact_id=resident.contact_id)
        hotline = contact.hotline if contact is not None else None
        await outbox.enqueue(
            self.store,
            audience=Audience.RESIDENT,
            channel=resident.reply_channel,
            address=resident.ident,
            language=resident.language,
            event=event,
            payload={**payload, "hotline": hotline} if hotline else payload,
        )

    async def reply(self, chat_id: int, message_id: int, text: str, user: User | None) -> str | None:
        """A staff reply to a relayed message, a ticket card or an alert under it, carried to the resident;
        the line to answer staff with, or None when the message replied to is about no resident."""
        resident = await self.resident_of(chat_id, message_id)
        if resident is not None and not resident.ticket:
            await self.answer(resident, text, staff=name_of(user), chat_id=chat_id)
            return say(self.lang, "relay.sent")
        if resident is not None:  # a follower's line under the card: them, logged on the ticket
            return await self._answer_on_ticket(chat_id, resident.ticket, text, user, follower=resident)
        number = await ticket_of_post(self.store, chat_id, message_id)
        if number is None:
            return None
        return await self._answer_on_ticket(chat_id, number, text, user)

    async def _answer_on_ticket(
        self, chat_id: int, number: str, text: str, user: User | None, *, follower: Resident | None = None
    ) -> str:
        """Staff's words to the ticket's reporter, or to a resident following it (`follower`), kept on it; refused
        in a chat that does not act on the ticket's branch."""
        ticket = await tickets.get(self.store, number=number)
        if ticket is not None and not self.access.serves(chat_id, ticket.branch):  # handed to another branch
            return Answers(self.access.services.company, self.lang).not_this_chat(ticket).text
        try:
            reached = await tickets.answer_resident(
                self.store,
                number=number,
                actor=actor_of(user),
                staff=name_of(user),
                text=text,
                now=self.access.services.clock(),
                contact_id=follower.contact_id if follower else None,
            )
        except errors.TicketNotFound:
            return say(self.lang, "error.unknown_ticket", number=number)
        if not reached:
            return say(self.lang, "relay.unreachable", number=number)
        if follower is None:
            return say(self.lang, "relay.sent_ticket", number=number)
        return say(
            self.lang, "relay.sent_follower", number=number, who=follower_label(self.lang, asdict(follower))
        )

    async def finish(self, resident: Resident, replies: list[Reply]) -> str:
        """The handoff is over: tell the resident what the dialogue says and forget the handoff."""
        if resident.channel is Channel.TELEGRAM:
            await send_replies(self.bot, int(resident.ident), replies)
        elif replies:  # the bot's own words, not staff's
            await self._enqueue(resident, HANDED_BACK, {"text": render_plain(replies)})
        await conversations.clear(self.store, key=handoff_key(resident.contact_id))
        return say(self.lang, "relay.ended", contact=await self._contact_label(resident))

    async def _contact_label(self, resident: Resident) -> Markup:
        """Who the resident is to staff, as the ticket card names them: the name they show on Telegram (as last seen)
        and their phone with its middle hidden, whichever are known, else that they write on Telegram (an internal id
        means nothing to staff)."""
        contact = await contacts.get(self.store, contact_id=resident.contact_id)
        phone = contact.phone if contact is not None else None
        name = (contact.telegram_name if contact is not None else None) or resident.name
        return resident_label(self.lang, phone=phone, name=name)

    async def _tickets(self, resident: Resident) -> str:
        found = await tickets.of_contact(self.store, contact_id=resident.contact_id, following=True)
        return ", ".join(t.number for t in found) or say(self.lang, "relay.no_tickets")

    def _branch(self, payload: dict[str, Any]) -> str:
        branch = self.access.services.company.branch(str(payload.get("branch") or ""))
        return (branch.name_en if self.lang == "en" else branch.name) if branch else "—"

    def _moved(self, payload: dict[str, Any]) -> str:
        """The line of a request passed on from another branch's chat, the resident having named a flat served here."""
        if not payload.get("moved_from"):
            return ""
        return "\n" + say(
            self.lang, "relay.moved_here", branch=self._branch({"branch": payload["moved_from"]})
        )

    def _report(self, report: dict[str, Any] | None) -> str:
        """The report the resident was making when they asked for a person, as lines of the request's card."""
        if not report:
            return ""
        kind = Markup(say(self.lang, f"kind.{report['kind']}"))
        number = report.get("ticket")
        lines = [
            say(self.lang, "relay.report_filed", kind=kind, number=number)
            if number
            else say(self.lang, "relay.report_open", kind=kind),
            say(self.lang, "card.address", address=report["address"])
            if report.get("address")
            else say(self.lang, "card.no_address"),
        ]
        if report.get("temperature_c") is not None:
            lines.append(say(self.lang, "card.temperature", temperature=f"{report['temperature_c']:g}"))
        if report.get("words"):
            lines.append(say(self.lang, "card.words", text=report["words"]))
        return "".join(f"\n{line}" for line in lines)

    async def _words(self, payload: dict[str, Any]) -> str:
        parts = [say(self.lang, "relay.photo")] if payload.get("photo") else []
        if isinstance(payload.get("picture"), list):  # texted (MMS): staff open it at Twilio
            parts.extend(say(self.lang, "relay.picture", url=url) for url in payload["picture"])
        if isinstance(payload.get("location"), dict):
            parts.append(say(self.lang, "relay.location", **payload["location"]))
        if payload.get("phone"):
            parts.append(say(self.lang, "relay.phone", phone=mask_phone(str(payload["phone"]))))
        if payload.get("unsupported"):
            parts.append(say(self.lang, "relay.other", kind=payload["unsupported"]))
        if payload.get("text"):  # a photo's caption is shown under it: clipped to Telegram's limit for one
            text = clip(str(payload["text"])) if payload.get("photo") else payload["text"]
            parts.append(say(self.lang, "relay.text", text=text))
        return " ".join(parts) or "—"


def reply_to(message_id: int) -> ReplyParameters:
    """Answer as a reply to this message (sent anyway if it is gone)."""
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)
