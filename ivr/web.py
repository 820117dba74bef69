"""aiohttp handlers of the voice channel: read the form, run the step, answer TwiML. Signatures are checked
once, in the composition layer's middleware."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from ivr import flow, texts, twiml
from ivr.services import VoiceServices

log = logging.getLogger("ivr.web")
TWIML = "text/xml"
Handler = Callable[[web.Request], Awaitable[web.Response]]


def voice_routes(services: VoiceServices) -> list[web.RouteDef]:
    """POST /twilio/voice, its step URLs, the whisper and the call-status callback."""
    routes = [web.post("/twilio/voice", _handler(services, "start"))]
    for step in (*flow.STEPS, "whisper", "status"):
        routes.append(web.post(f"/twilio/voice/{step}", _handler(services, step)))
    return routes


def _handler(services: VoiceServices, step: str) -> Handler:
    async def handle(request: web.Request) -> web.Response:
        form = await request.post()
        fields = {key: value for key, value in form.items() if isinstance(value, str)}
        try:
            body = await flow.answer(services, step, fields, dict(request.query))
        except flow.BadRequest as exc:
            return web.Response(status=400, text=str(exc))
        except Exception:
            # A caller must never hear an application error: hand them to a person instead.
            log.exception("voice step %s failed", step)
            body = _fallback(services, step, fields)
        return web.Response(text=body, content_type=TWIML, charset="utf-8")

    handle.__name__ = f"voice_{step.replace('-', '_')}"
    return handle


def _fallback(services: VoiceServices, step: str, fields: dict[str, str]) -> str:
    if step in ("status", "whisper"):
        return twiml.empty()
    branch = services.company.branch_for_hotline(fields.get("To", "")) or services.company.branches[0]
    lang = texts.DEFAULT_LANG
    return twiml.dial(
        lang,
        [texts.say(lang, "technical")],
        number=branch.duty_phone,
        action=services.url("/twilio/voice/dial-result"),
    )
