"""The channel-neutral chat dialogue: one inbound message in, the replies to show out."""

from __future__ import annotations

import asyncio
import logging
import weakref

from bot import flood, handoff, media, rating, reports, routing, staffed, state, waiting
from bot.i18n import lang_from_code, lang_of_text, lone_english_word, t
from bot.notifications import HELD, HELD_ANSWER, STAFF_WORDS, WAITING, render
from bot.replies import (
    Button,
    Identity,
    Inbound,
    Location,
    Photo,
    Picture,
    Reply,
    SharedContact,
    Text,
    Unsupported,
)
from bot.services import ChatServices
from bot.state import Conversation
from bot.turn import Turn
from intents import classify, detect_lang, intake
from intents.types import Lang
from storage import contacts, conversations
from storage.values import Channel, ContactInfo, NotificationInfo

log = logging.getLogger(__name__)
_TEXT_MAX = 4096
_SEEN = 20  # deliveries remembered per conversation: retries come within seconds


def _emergency(inbound: Inbound) -> bool:
    """Water escaping is never held back, however fast the resident writes."""
    if not isinstance(inbound, Text) or not inbound.text:
        return False
    classification = classify(inbound.text)
    return classification.emergency and not classification.unsure


class Dialogue:
    """Answers residents on any channel; all state lives in the store (or Redis), none in this object."""

    def __init__(self, services: ChatServices) -> None:
        self.services = services
        self.states = state.state_store(services.store, services.redis_url)
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def handle(
        self, identity: Identity, inbound: Inbound, *, delivery: str | None = None
    ) -> list[Reply]:
        """The replies to one message, button press, photo, location or shared contact; `delivery` names it (a
        Telegram message id, an SMS's MessageSid), so that the same delivery retried is handled once (no replies)."""
        async with self._lock(identity.key), conversations.exclusive(self.services.store, key=identity.key):
            turn = await self._begin(identity)
            if delivery is not None and delivery in turn.conv.seen:
                log.info("delivery %s to %s handled already", delivery, identity.channel.value)
                return []
            replies = await self._dispatch(turn, inbound)
            if delivery is not None:
                turn.conv.seen = [*turn.conv.seen, delivery][-_SEEN:]
            await self._finish(turn, replies)
        return replies

    async def end_handoff(self, identity: Identity) -> list[Reply]:
        """Staff are done: the bot answers this chat again. Returns the message to send the resident."""
        async with self._lock(identity.key), conversations.exclusive(self.services.store, key=identity.key):
            turn = await self._begin(identity)
            replies = await routing.handed_back(turn)
            await self._finish(turn, replies)
        return replies

    async def delivered(self, identity: Identity, notification: NotificationInfo, reply: Reply) -> None:
        """A notice reached the resident outside a turn. A question of ours (the rating question) is the question
        asked last, so a number typed next picks one of its options, not one of an older menu; staff's words answer
        a resident waiting for them, and about a ticket, make what they text back next that ticket's; a resident
        told nobody has answered yet is not told so again before as long has passed."""
        staff = notification.event in STAFF_WORDS
        waiting = notification.event == WAITING
        if notification.event == HELD_ANSWER:  # the turn that read the held words set its options
            return
        if not reply.options and not staff and not waiting:
            return
        async with self._lock(identity.key), conversations.exclusive(self.services.store, key=identity.key):
            conv = Conversation.from_dict(await self.states.load(identity.key))
            if waiting:  # told nobody has answered: not again before as long has passed
                handoff.told(conv, self.services.clock())
            if reply.options:
                conv.options = [[o.label, o.data] for o in reply.options]
            if staff:
                now = self.services.clock()
                conv.staff_wrote(now, notification.ticket_number)
                handoff.kept_open(conv, now, self.services.handoff_hours)
                handoff.followed(conv, str(notification.payload.get("branch") or "") or None)
            await self.states.save(identity.key, conv.to_dict())

    async def notice(self, identity: Identity, notification: NotificationInfo) -> Reply | None:
        """What to send the resident for an outbox row: its rendering; for the notice scheduled when they asked for a
        person, that nobody has answered yet, or None when it is no longer due (staff answered, the hand-over
        ended); for the one scheduled when words were held back, None: they are read now, their answer queued."""
        if notification.event == HELD:
            await self._read_held(identity, notification)
            return None
        if notification.event != WAITING:
            return render(notification, self.services.company)
        async with self._lock(identity.key), conversations.exclusive(self.services.store, key=identity.key):
            turn = await self._begin(identity)
            return handoff.reminder(turn, str(notification.payload.get("since") or ""))

    async def _read_held(self, identity: Identity, notification: NotificationInfo) -> None:
        """The words held back by the chat's limit, read now that it allows, as one message (unless a message
        written since had them read already); the answer goes out through the outbox."""
        async with self._lock(identity.key), conversations.exclusive(self.services.store, key=identity.key):
            turn = await self._begin(identity)
            if not turn.conv.held:
                return
            flood.admit(  # they take the token they waited for
                turn.conv,
                turn.now,
                burst=self.services.flood_burst,
                per_second=self.services.flood_per_second,
            )
            turn.conv.flood_noted = False
            held, turn.conv.held = "\n".join(turn.conv.held), []
            replies = await self._dispatch_admitted(turn, Text(held))
            await self._finish(turn, replies)
        # read and kept: a retry of this notice finds nothing held, so they are never read twice
        await flood.answer(turn, replies, notice=notification.id)

    async def close(self) -> None:
        """Release the state store's connections (Redis); the ticket store belongs to the caller."""
        close = getattr(self.states, "close", None)
        if close is not None:
            await close()

    def apology(self, identity: Identity) -> list[Reply]:
        """What to say when handling failed; needs neither the store nor the state."""
        hotline = self.services.company.hotlines[0].number
        return [Reply(t(lang_from_code(identity.lang_hint), "input.error", hotline=hotline))]

    def kept(self, identity: Identity, text: str) -> list[Reply]:
        """What to say of a text kept until the store can be reached (needs neither the store nor the state): it is
        received and will be answered; water escaping gets the safety advice and the hotline at once."""
        company = self.services.company
        lang = lang_of_text(text, detect_lang(text), places=company.places)
        lang = lang or (Lang.EN if lone_english_word(text) else Lang.ZH_HANS)
        classification = classify(text)
        if not classification.emergency:
            return [Reply(t(lang, "input.kept"))]
        hotline = identity.hotline or company.hotlines[0].number  # the number they texted, when it is ours
        advice = intake.safety_advice(classification.intent, lang)
        told = Reply(t(lang, "input.kept_emergency", hotline=hotline))
        return [Reply(advice), told] if advice else [told]

    def _lock(self, key: str) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        return lock

    async def _begin(self, identity: Identity) -> Turn:
        conv = Conversation.from_dict(await self.states.load(identity.key))
        contact = await self._contact(identity)
        return Turn(self.services, identity, conv, contact, self.services.clock())

    async def _contact(self, identity: Identity) -> ContactInfo:
        language = lang_from_code(identity.lang_hint).value
        store = self.services.store
        if identity.channel is Channel.TELEGRAM:
            # with the name they show on Telegram, for staff (kept up to date)
            return await contacts.get_or_create(
                store,
                channel=identity.channel,
                telegram_chat_id=int(identity.ident),
                language=language,
                telegram_name=identity.name,
            )
        return await contacts.get_or_create(
            store, channel=identity.channel, phone=identity.ident, language=language, hotline=identity.hotline
        )

    async def _finish(self, turn: Turn, replies: list[Reply]) -> None:
        if replies:
            turn.conv.options = [[o.label, o.data] for reply in replies for o in reply.options]
            turn.conv.answered_at = turn.now.isoformat()
        await self.states.save(turn.identity.key, turn.conv.to_dict())

    async def _dispatch(self, turn: Turn, inbound: Inbound) -> list[Reply]:
        if isinstance(inbound, Unsupported) and inbound.kind == "edited" and _emergency(Text(inbound.text)):
            # "家里暖气管爆了" put into an edit: an emergency never waits, so it is read as a new message (an open
            # ticket for it takes the words, never a second one)
            inbound = Text(inbound.text)
        if isinstance(inbound, Text):
            inbound = Text(inbound.text.strip()[:_TEXT_MAX], inbound.forwarded)
        admitted = flood.admit(
            turn.conv, turn.now, burst=self.services.flood_burst, per_second=self.services.flood_per_second
        )
        if not admitted and not _emergency(inbound):
            return await flood.hold(turn, inbound)
        turn.conv.flood_noted = False
        replies: list[Reply] = []
        if turn.conv.held:  # what came in too fast is read first, as one message
            held, turn.conv.held = "\n".join(turn.conv.held), []
            replies += await self._dispatch_admitted(turn, Text(held))
        return replies + await self._dispatch_admitted(turn, inbound)

    async def _dispatch_admitted(self, turn: Turn, inbound: Inbound) -> list[Reply]:
        replies: list[Reply] = []
        if handoff.expired(turn):
            replies.append(handoff.timed_out(turn))
        # "5分 很满意", "还是不热": the rating question answered in words, as with its buttons (these work in a
        # handoff too); what was said beside the score ("1分 师傅要了两条烟") is then handled as usual (passed on to
        # staff in a handoff), and the question the chat had open, if any, comes back after it
        rated = await rating.typed(turn, inbound.text) if isinstance(inbound, Text) else None
        if rated is not None and rated.then is not None and handoff.active(turn):
            return replies + rated.replies + await handoff.relay(turn, inbound)
        if rated is not None:
            return replies + rated.replies + await routing.aside(turn, rated.then)
        if handoff.active(turn):
            return replies + await self._during_handoff(turn, inbound)
        return replies + await self._route(turn, inbound)

    async def _during_handoff(self, turn: Turn, inbound: Inbound) -> list[Reply]:
        """Staff are answering: relay (a fault still reported), except explicit buttons and /start."""
        if isinstance(inbound, Button):
            return await self._route(turn, inbound)
        if isinstance(inbound, Text) and routing.command_of(inbound.text) == "/start":
            turn.conv.handoff_until = None
            return await self._route(turn, inbound)
        return await staffed.during(turn, inbound)

    async def _route(self, turn: Turn, inbound: Inbound) -> list[Reply]:
        """The replies to what came in, then a report put aside for another home's emergency, once that is done."""
        replies = await self._answer(turn, inbound)
        return replies + await waiting.come_back(turn)

    async def _answer(self, turn: Turn, inbound: Inbound) -> list[Reply]:
        match inbound:
            case Button(data=data):
                return await routing.press(turn, data)
            case Text(text=text):
                return await routing.text(turn, text)
            case Photo(caption=caption) | Picture(caption=caption) if caption and caption.strip():
                return await media.keep_captioned(turn, inbound, lambda: routing.text(turn, caption.strip()))
            case Photo() | Location() | Picture():
                kept = await media.keep(turn, inbound)
                return kept + (await reports.next_question(turn) if routing.collecting(turn) else [])
            case SharedContact():
                return await media.save_phone(turn, inbound)
            case Unsupported():
                return media.unsupported(turn, inbound)
        return []  # pragma: no cover
