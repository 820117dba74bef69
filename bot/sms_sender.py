"""Delivers resident notifications by SMS through Twilio's Messages API, for the outbox worker."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import aiohttp
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from bot.notifications import to_send
from bot.replies import Identity, render_plain
from intents.company import E164, Company
from storage.delivery import DeliveryError, RetryAfter, Undeliverable, Unreachable
from storage.values import Channel, NotificationInfo

if TYPE_CHECKING:
    from bot.dialogue import Dialogue

# Twilio error codes that mean this number will not get texts: invalid, not mobile, opted out, blocked.
UNREACHABLE_CODES = frozenset({21211, 21214, 21408, 21610, 21612, 21614})


class SmsSender:
    """`await sender.send(notification)`: renders it and posts it to the Messages API; a question with numbered
    options (the rating question) then owns the numbers the texter sends next, in the SMS `dialogue`, which also
    learns of staff's words delivered."""

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        company: Company,
        api_base: str | None = None,
        timeout: float = 10.0,
        dialogue: Dialogue | None = None,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.company = company
        self.api_base = api_base.rstrip("/") if api_base else None
        self.timeout = timeout
        self.dialogue = dialogue

    def sender_number(self, notification: NotificationInfo) -> str:
        """The hotline the resident used (when the payload names it), else their branch's first hotline."""
        used = str(notification.payload.get("hotline") or "")
        if self.company.branch_for_hotline(used):
            return used
        branch = str(notification.payload.get("branch") or "")
        lines = self.company.hotlines_of(branch) or [self.company.hotlines[0].number]
        return lines[0]

    async def send(self, notification: NotificationInfo) -> None:
        """Send one notification; Twilio's failures come back as the outbox's DeliveryError kinds."""
        if not E164.match(notification.address):
            raise Undeliverable(f"not a phone number: {notification.address!r}")
        identity = Identity(Channel.SMS, notification.address, hotline=self.sender_number(notification))
        reply = await to_send(notification, identity, self.company, self.dialogue)
        if reply is None:
            return  # a notice no longer due (staff answered meanwhile): nothing to send
        body = render_plain([reply])
        # Created inside the running loop, closed after. The SDK's async client ignores its own `timeout`
        # (only a per-request one is honoured, which the REST layer never passes), so we bound the call.
        http = AsyncTwilioHttpClient(timeout=self.timeout)
        try:
            client = Client(self.account_sid, self.auth_token, http_client=http, environment={})
            if self.api_base:
                client.api.base_url = self.api_base
            async with asyncio.timeout(self.timeout):
                await client.api.v2010.accounts(self.account_sid).messages.create_async(
                    to=notification.address, from_=self.sender_number(notification), body=body
                )
        except TwilioRestException as exc:
            raise _delivery_error(exc) from exc
        except (TimeoutError, TwilioException, aiohttp.ClientError) as exc:
            raise DeliveryError(f"Twilio unreachable: {exc!r}") from exc
        finally:
            await http.close()
        if self.dialogue is not None:
            await self.dialogue.delivered(identity, notification, reply)


def _delivery_error(exc: TwilioRestException) -> DeliveryError:
    if exc.status == 429:
        return RetryAfter(30, str(exc.msg))
    if exc.code in UNREACHABLE_CODES:
        return Unreachable(f"{exc.code}: {exc.msg}")
    if 400 <= exc.status < 500:
        return Undeliverable(f"{exc.status} {exc.code}: {exc.msg}")
    return DeliveryError(f"{exc.status} {exc.code}: {exc.msg}")
