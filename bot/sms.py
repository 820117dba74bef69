"""Inbound SMS to any hotline number: a chat with the channel-neutral dialogue, answered in TwiML <Message>.

Signatures are checked once, in the composition layer's middleware."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from twilio.twiml.messaging_response import MessagingResponse

from bot.dialogue import Dialogue
from bot.replies import Identity, Reply, Text, render_plain
from intents.company import E164
from storage.values import Channel

log = logging.getLogger("bot.sms")
MAX_SMS = 1600  # Twilio's limit for one (concatenated) message body
Handler = Callable[[web.Request], Awaitable[web.Response]]


def sms_routes(dialogue: Dialogue) -> list[web.RouteDef]:
    """POST /twilio/sms, answered by the SMS chat `dialogue` (the one the SMS sender tells of questions it texts)."""
    return [web.post("/twilio/sms", _receiver(dialogue))]


def _receiver(dialogue: Dialogue) -> Handler:
    async def receive_sms(request: web.Request) -> web.Response:
        form = await request.post()
        phone = str(form.get("From", "")).strip()
        if not E164.match(phone):
            return web.Response(status=400, text="From must be an E.164 phone number")
        to = str(form.get("To", "")).strip()
        identity = Identity(
            Channel.SMS, phone, hotline=to if dialogue.services.company.branch_for_hotline(to) else None
        )
        try:
            sid = str(form.get("MessageSid", "")).strip() or None  # Twilio may post one message twice
            replies = await dialogue.handle(identity, Text(str(form.get("Body", ""))), delivery=sid)
        except Exception:
            log.exception("SMS from %s failed", phone[-4:])
            replies = dialogue.apology(identity)
        return web.Response(text=message_twiml(replies), content_type="text/xml", charset="utf-8")

    return receive_sms


def message_twiml(replies: list[Reply]) -> str:
    """The replies as one plain-text <Message> with numbered options (none when there is nothing to say)."""
    response = MessagingResponse()
    text = render_plain(replies)
    if text:
        response.message(text[:MAX_SMS])
    return str(response)
