"""What the dialogue hears (identity + inbound) and what it says (replies with quick-reply options)."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.values import Channel

_KEY_PREFIX = {Channel.TELEGRAM: "tg", Channel.SMS: "sms", Channel.VOICE: "sms", Channel.CONSOLE: "console"}


@dataclass(frozen=True, slots=True)
class Identity:
    """Who is writing: the channel, the chat id or phone number, and a language hint from the client."""

    channel: Channel
    ident: str
    lang_hint: str | None = None
    hotline: str | None = None  # the number texted, for SMS: replies and updates come from it
    name: str | None = None  # the name (and @username) the Telegram user shows: how staff are told who writes

    @property
    def key(self) -> str:
        """The conversation-state key, e.g. "tg:12345" or "sms:+8613900000000"."""
        return f"{_KEY_PREFIX[self.channel]}:{self.ident}"


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    forwarded: bool = False


@dataclass(frozen=True, slots=True)
class Button:
    data: str


@dataclass(frozen=True, slots=True)
class Location:
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Photo:
    file_id: str
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture texted to us (MMS): Twilio keeps it at `urls`; nobody here can look at it by SMS."""

    urls: tuple[str, ...]
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class SharedContact:
    phone: str


@dataclass(frozen=True, slots=True)
class Unsupported:
    """Anything the bot cannot read: sticker, voice, video, document, edited message, ...; `text` is what an edited
    message says now (read after all when it reports water escaping: an emergency never waits)."""

    kind: str
    text: str = ""


Inbound = Text | Button | Location | Photo | Picture | SharedContact | Unsupported


@dataclass(frozen=True, slots=True)
class Option:
    label: str
    data: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to the resident with its quick-reply options."""

    text: str
    options: tuple[Option, ...] = field(default_factory=tuple)


def render_plain(replies: list[Reply]) -> str:
    """Replies as plain text, options as numbered lines (the SMS and console rendering); an option that is its own
    number (a score of the 1-5 the text asks for) needs no line of its own: "1. 1" says nothing."""
    blocks = []
    number = 0
    for reply in replies:
        lines = [reply.text]
        for option in reply.options:
            number += 1
            if option.label != str(number):
                lines.append(f"{number}. {option.label}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
