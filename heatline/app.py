"""The web application `heatline serve` runs: health check plus the channels that are configured."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.typedefs import Middleware
from twilio.request_validator import RequestValidator

from heatline import health
from heatline.config import load_company
from heatline.runtime import Clock, Runtime, utc_now
from heatline.settings import Settings
from intents.company import Company
from storage import Store

log = logging.getLogger("heatline.app")

STORE: web.AppKey[Store] = web.AppKey("store", Store)
COMPANY: web.AppKey[Company] = web.AppKey("company", Company)
RUNTIME: web.AppKey[Runtime] = web.AppKey("runtime", Runtime)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def healthz(request: web.Request) -> web.Response:
    """200 when the database (and Redis, when configured) answers and the outbox is being delivered; else 503."""
    runtime = request.app[RUNTIME]
    body, ok = await health.report(runtime.store, runtime.redis, runtime.clock())
    return web.json_response(body, status=200 if ok else 503)


# What aiohttp raises on a body it cannot read as a form: undecodable bytes, a broken multipart body.
UNREADABLE_FORM = (ValueError, LookupError, RuntimeError, TypeError, HttpProcessingError)


def twilio_signature_middleware(auth_token: str, public_url: str | None) -> Middleware:
    """Refuse (403, no TwiML) any /twilio/ request whose X-Twilio-Signature does not verify, and (400, a short
    reason) any whose body is no readable form."""
    validator = RequestValidator(auth_token)

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith("/twilio/"):
            return await handler(request)
        try:
            form = await request.post()
        except UNREADABLE_FORM as exc:
            log.warning("refused %s: unreadable form (%s)", request.path, type(exc).__name__)
            return web.Response(status=400, text="the request body is not a readable form")
        params = {key: str(value) for key, value in form.items()}
        url = f"{public_url}{request.path_qs}" if public_url else str(request.url)
        signature = request.headers.get("X-Twilio-Signature", "")
        if not signature or not validator.validate(url, params, signature):
            log.warning("refused %s: bad Twilio signature", request.path)
            return web.Response(status=403)
        return await handler(request)

    return check


async def build_app(
    settings: Settings, *, clock: Clock = utc_now, company: Company | None = None, background: bool = False
) -> web.Application:
    """The application with every configured channel mounted; `background` runs the worker and the clock."""
    company = company or load_company(settings.config)
    runtime = Runtime.build(settings, company, clock=clock)
    middlewares: list[Middleware] = []
    if settings.twilio_enabled and settings.twilio_auth_token:
        token = settings.twilio_auth_token.get_secret_value()
        middlewares.append(twilio_signature_middleware(token, settings.public_url))
    app = web.Application(middlewares=middlewares, client_max_size=1024 * 1024)
    app[RUNTIME] = runtime
    app[STORE] = runtime.store
    app[COMPANY] = company
    app.router.add_get("/healthz", healthz)
    _mount_channels(app, runtime)

    async def start(_: web.Application) -> None:
        await runtime.prepare()
        if background:
            runtime.start_background()

    async def stop(_: web.Application) -> None:
        await runtime.close()

    app.on_startup.append(start)
    app.on_cleanup.append(stop)
    return app


def _mount_channels(app: web.Application, runtime: Runtime) -> None:
    """Mount Telegram, SMS and voice where their credentials are configured."""
    if runtime.telegram is not None:
        runtime.telegram.mount(app)
    if runtime.settings.twilio_enabled:
        from bot.sms import sms_routes
        from ivr.services import VoiceServices
        from ivr.web import voice_routes

        voice = VoiceServices(runtime.store, runtime.company, runtime.clock, runtime.settings.public_url)
        app.router.add_routes(voice_routes(voice))
        assert runtime.inbox is not None  # built with the SMS sender, whose questions its chat answers
        app.router.add_routes(sms_routes(runtime.inbox))
