"""POST /telegram/webhook: secret checked, update validated (4xx when malformed), handled before answering; 503
when the store or the conversation state cannot be reached, so that Telegram delivers the update again later."""

from __future__ import annotations

import json
import logging
from typing import Any

from aiogram import Bot
from aiogram.types import Update
from aiogram.types.update import UpdateTypeLookupError
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError

from bot.state import outage

log = logging.getLogger("bot.telegram")
PATH = "/telegram/webhook"


class WebhookHandler(SimpleRequestHandler):
    """aiogram's handler, processing in the request so a failure is visible and never a 5xx."""

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        try:
            raw: Any = await request.json(loads=json.loads)
        except ValueError:
            return web.json_response({"ok": False, "error": "body is not JSON"}, status=400)
        if not isinstance(raw, dict):
            return web.json_response({"ok": False, "error": "an update is a JSON object"}, status=400)
        try:
            update = Update.model_validate(raw, context={"bot": bot})
        except ValidationError as exc:
            log.warning("refused malformed update %s: %s", raw.get("update_id"), _faults(exc))
            return web.json_response({"ok": False, "error": "malformed update"}, status=400)
        try:
            update.event_type  # noqa: B018 - raises for update kinds this aiogram does not know
        except UpdateTypeLookupError:
            log.info("ignored update %s of an unknown kind", update.update_id)
            return web.json_response({})
        try:
            await self.dispatcher.feed_update(bot, update, **self.data)
        except Exception as exc:  # already logged by the errors router when it came from a handler
            if outage(exc):
                log.error("update %s left for Telegram to send again: %s", update.update_id, exc)
                return web.json_response({"ok": False, "error": "temporarily unavailable"}, status=503)
            log.exception("update %s could not be handled", update.update_id)
        return web.json_response({})


def _faults(exc: ValidationError) -> str:
    """Where an update is wrong and how, without what it holds: residents' words and ids stay out of the log."""
    return "; ".join(
        f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}"
        for e in exc.errors(include_url=False, include_input=False, include_context=False)[:3]
    )
