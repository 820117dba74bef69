"""Inbound SMS to any hotline number: a chat with the channel-neutral dialogue, answered in TwiML <Message>; a text
that finds the store unreachable is kept and answered later (bot.inbox).

Signatures are checked once, in the composition layer's middleware."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web
from twilio.twiml.messaging_response import MessagingResponse

from bot.inbox import Inbox
from bot.replies import Reply, render_plain
from intents.company import E164

log = logging.getLogger("bot.sms")
MAX_SMS = 1600  # Twilio's limit for one (concatenated) message body
_MEDIA_MAX = 10  # Twilio's limit of pictures in one message
Handler = Callable[[web.Request], Awaitable[web.Response]]


def sms_routes(inbox: Inbox) -> list[web.RouteDef]:
    """POST /twilio/sms, answered by the SMS chat's `inbox` (which keeps a text when the store cannot take it)."""
    return [web.post("/twilio/sms", _receiver(inbox))]


def _receiver(inbox: Inbox) -> Handler:
    async def receive_sms(request: web.Request) -> web.Response:
        form = await request.post()
        phone = str(form.get("From", "")).strip()
        if not E164.match(phone):
            return web.Response(status=400, text="From must be an E.164 phone number")
        answers = await inbox.receive(
            phone=phone,
            to=str(form.get("To", "")).strip(),
            body=str(form.get("Body", "")),
            sid=str(form.get("MessageSid", "")).strip() or None,  # Twilio may post one message twice
            media=_media(form),
        )
        return web.Response(text=message_twiml(answers), content_type="text/xml", charset="utf-8")

    return receive_sms


def _media(form: Mapping[str, object]) -> tuple[str, ...]:
    """The URLs of the pictures a text carried (MMS: NumMedia, MediaUrl0, MediaUrl1, ...)."""
    count = str(form.get("NumMedia", "0")).strip()
    found = (
        str(form.get(f"MediaUrl{i}", "")).strip()
        for i in range(min(int(count), _MEDIA_MAX) if count.isdigit() else 0)
    )
    return tuple(url for url in found if url)


def message_twiml(answers: list[list[Reply]]) -> str:
    """Each text's replies as one plain-text <Message> with numbered options (none for a text with nothing to say)."""
    response = MessagingResponse()
    for replies in answers:
        text = render_plain(replies)
        if text:
            response.message(text[:MAX_SMS])
    return str(response)
