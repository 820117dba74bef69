"""One message being handled: who wrote, in which language, their state, and how to say things."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot import callbacks as cb
from bot.i18n import lang_of, t, texted
from bot.replies import Identity, Option, Reply
from bot.services import ChatServices
from bot.state import Conversation
from intents.company import Branch
from intents.types import Lang
from storage import contacts
from storage.values import Answered, Channel, ContactInfo


@dataclass
class Turn:
    """The context every flow function receives; flows read it, change `conv` and return replies."""

    services: ChatServices
    identity: Identity
    conv: Conversation
    contact: ContactInfo
    now: dt.datetime

    @property
    def answered(self) -> Answered:
        """Where this chat answers the resident: a notice of what they just did here is not sent here again."""
        return Answered(self.identity.channel, self.identity.ident)

    @property
    def lang(self) -> Lang:
        return lang_of(self.contact.language)

    def t(self, key: str, **values: object) -> str:
        """A sentence in the resident's language; by SMS, as written for a text (what to text, not what to tap)."""
        return t(self.lang, texted(key) if self.identity.channel is Channel.SMS else key, **values)

    def say(self, key: str, *options: Option, **values: object) -> Reply:
        """A reply made of one catalogue sentence and some options."""
        return Reply(self.t(key, **values), tuple(options))

    def option(self, key: str, data: str, **values: object) -> Option:
        """A button labelled with a catalogue sentence."""
        return Option(self.t(key, **values), data)

    def menu(self) -> tuple[Option, ...]:
        """The four main options."""
        return (
            self.option("menu.report", cb.MENU_REPORT),
            self.option("menu.status", cb.MENU_STATUS),
            self.option("menu.standards", cb.MENU_STD),
            self.option("menu.human", cb.MENU_HUMAN),
        )

    def local(self, moment: dt.datetime) -> str:
        """A time of day in the company's time zone, e.g. "14:35"."""
        return moment.astimezone(self.services.company.zone).strftime("%H:%M")

    def today(self) -> dt.date:
        """Today's date where the company is."""
        return self.now.astimezone(self.services.company.zone).date()

    def branch_for(self, address_text: str | None) -> Branch:
        """The branch serving an address, else that of the hotline number texted, else the company's first."""
        return self.services.branch_for(address_text, self.identity.hotline)

    def hotline(self) -> str:
        """The hotline of the resident's branch (by saved address, else the number texted), else the company's
        first."""
        company = self.services.company
        numbers = company.hotlines_of(self.branch_for(self.contact.address_raw).code)
        return numbers[0] if numbers else company.hotlines[0].number

    async def set_lang(self, lang: Lang) -> None:
        """Answer in `lang` from now on, and remember it on the contact."""
        if lang is not self.lang:
            self.contact = await contacts.update(
                self.services.store, contact_id=self.contact.id, language=lang.value
            )
