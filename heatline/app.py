"""The web application `heatline serve` runs: health check plus the channels that are configured."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware
from twilio.request_validator import RequestValidator

from heatline.config import load_company
from heatline.settings import Settings
from intents.company import Company
from storage import Store

log = logging.getLogger("heatline.app")

Clock = Callable[[], dt.datetime]
STORE: web.AppKey[Store] = web.AppKey("store", Store)
COMPANY: web.AppKey[Company] = web.AppKey("company", Company)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def utc_now() -> dt.datetime:
    """The real clock."""
    return dt.datetime.now(dt.UTC)


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers, 503 when it does not."""
    ok = await request.app[STORE].ping()
    return web.json_response(
        {"status": "ok" if ok else "degraded", "database": "ok" if ok else "unreachable"},
        status=200 if ok else 503,
    )


def twilio_signature_middleware(auth_token: str, public_url: str | None) -> Middleware:
    """Refuse (403, no TwiML) any /twilio/ request whose X-Twilio-Signature does not verify."""
    validator = RequestValidator(auth_token)

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith("/twilio/"):
            return await handler(request)
        form = await request.post()
        params = {key: str(value) for key, value in form.items()}
        url = f"{public_url}{request.path_qs}" if public_url else str(request.url)
        signature = request.headers.get("X-Twilio-Signature", "")
        if not signature or not validator.validate(url, params, signature):
            log.warning("refused %s: bad Twilio signature", request.path)
            return web.Response(status=403)
        return await handler(request)

    return check


async def build_app(
    settings: Settings, *, clock: Clock = utc_now, company: Company | None = None
) -> web.Application:
    """Create the application with every configured channel mounted."""
    company = company or load_company(settings.config)
    store = Store.from_url(settings.database_url, on_site_minutes=company.commitments.on_site_minutes)
    middlewares: list[Middleware] = []
    if settings.twilio_enabled and settings.twilio_auth_token:
        middlewares.append(
            twilio_signature_middleware(settings.twilio_auth_token.get_secret_value(), settings.public_url)
        )
    app = web.Application(middlewares=middlewares, client_max_size=1024 * 1024)
    app[STORE] = store
    app[COMPANY] = company
    app.router.add_get("/healthz", healthz)
    await _mount_channels(app, settings, store, company, clock)

    async def close_store(_: web.Application) -> None:
        await store.close()

    app.on_cleanup.append(close_store)
    return app


async def _mount_channels(
    app: web.Application, settings: Settings, store: Store, company: Company, clock: Clock
) -> None:
    """Mount Telegram, SMS and voice where their credentials are configured."""
    # Channel packages land one by one; each is mounted only when it exists and is configured.
    del app, settings, store, company, clock
