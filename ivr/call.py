"""What every step of a call shares: the caller's input, the call context, and the common answers."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

from intents import parse_address, yesno
from intents.company import E164, Branch
from intents.types import Address, Lang
from ivr import texts, twiml
from ivr.services import VoiceServices
from ivr.state import CallState
from storage import contacts
from storage.values import WITHHELD, Channel, ContactInfo

# What Twilio sends as `From` for a caller who withheld their number: the words on a keypad (ANONYMOUS, RESTRICTED,
# UNKNOWN, BLOCKED, UNAVAILABLE) as digits, or the words themselves (checked lower-cased). Nobody's number.
WITHHELD_CALLER_IDS = frozenset(
    {
        "+266696687", "+7378742833", "+17378742833", "+8656696", "+2562533", "+86282452253",
        "anonymous", "restricted", "unknown", "blocked", "unavailable", "private", "withheld",
    }
)  # fmt: skip
MAX_SPEECH = 500  # longer transcripts are noise; the classifier and the ticket get the first 500 characters
MAX_DIGITS = 20
_KEYS = re.compile(r"^[0-9*#]*$")
# The words around "nothing more" or thanks as the whole answer ("没有了 谢谢", "好的 谢谢"); a yes, a no or a cancel is
# read as the chat reads it (intents.yesno), beside thanks and fillers too ("对的 谢谢你", "不用了 谢谢").
AROUND = ("谢谢", "谢谢你", "谢了", "好", "先", "还是", "就", "thanks", "thank you", "sorry", "bye", "just")
# "Nothing more" after a ticket was read out ("没有了 谢谢", "no, that's all"): the call ends politely.
DONE = (
    "没有了", "没了", "没有别的了", "没别的了", "没有其他的了", "没有其他问题了", "就这些", "就这样", "不用了", "没事了",
    "no", "nope", "no thanks", "nothing else", "nothing more", "that's it", "that's all", "that is all",
)  # fmt: skip
# An "all right" that closes rather than asks ("好嘞", "行", "ok"): nothing more, as "好的" is.
OK = (
    "好嘞", "好滴", "得嘞", "行", "那行", "那好", "中", "知道了", "明白了", "收到",
    "ok", "okay", "alright", "all right", "got it",
)  # fmt: skip
# A goodbye ("好嘞 拜拜", "ok bye"), thanks with it or not: the caller closes the call.
BYE = ("再见", "拜拜", "回见", "goodbye", "bye bye", "bye", "see you")
_BYE = re.compile("|".join(rf"\b{w}\b" if w.isascii() else w for w in BYE), re.IGNORECASE)
# Thanks among the words; thanks alone is thanks with the words around it and an "all right" ("好的 谢谢", "ok thanks").
_THANKS = re.compile(r"谢|thank", re.IGNORECASE)
# "I don't know" as an answer (the room temperature, the estate): the question is skipped.
DONT_KNOW = r"不知道|不清楚|不晓得|说不好|don'?t know|not sure|no idea"
_PARTICLES = r"(?:的|啊|呀|吧|了|啦)?"
# Hesitation sounds and fillers: a transcript made only of these is no answer (never an address or a report).
_SOUNDS = (
    r"[\s,.!?;:，。！？、；：…~\-]|嗯|恩|呃|额|啊|阿|哦|噢|喔|唔|哎|诶|欸|唉|嘛|呢|吧|哈|呀|喂"
    r"|\b(?:u+m+|u+h+|h+m+|m+(?:h+m+)?|e+r+m*|a+h+|o+h+)\b"
)
_FILLER = re.compile(
    rf"(?:{_SOUNDS}|那个|这个|就是|然后|\b(?:well|so|like|you know|hello|hey)\b)+", re.IGNORECASE
)
# Punctuation and hesitation sounds only: the words that are fillers elsewhere kept ("就是这儿", "是这个地址").
_SOUNDS_ONLY = re.compile(rf"(?:{_SOUNDS})+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Turn:
    """One request from Twilio, cleaned: what the caller keyed or said, and who is calling whom."""

    call_sid: str
    caller: str | None
    hotline: str
    digits: str
    speech: str
    fields: Mapping[str, str]
    query: Mapping[str, str]
    bad_keys: bool = False
    # the words as said, hesitations too ("嗯嗯": a yes to a question, no answer to any other)
    heard: str = ""

    @classmethod
    def parse(cls, fields: Mapping[str, str], query: Mapping[str, str]) -> Turn:
        """Read Twilio's form fields; garbage is kept out, never raised."""
        raw_digits = fields.get("Digits", "").strip()
        ok = bool(_KEYS.match(raw_digits)) and len(raw_digits) <= MAX_DIGITS
        caller = fields.get("From", "").strip()
        known = E164.match(caller) is not None and caller.lower() not in WITHHELD_CALLER_IDS
        return cls(
            call_sid=fields.get("CallSid", "").strip()[:64],
            caller=caller if known else None,
            hotline=fields.get("To", "").strip()[:32],
            digits=raw_digits if ok else "",
            speech=_words(fields.get("SpeechResult", "")),
            heard=" ".join(fields.get("SpeechResult", "").split())[:MAX_SPEECH],
            fields=fields,
            query=query,
            bad_keys=not ok,
        )

    @property
    def empty(self) -> bool:
        """Nothing keyed and nothing said."""
        return not self.digits and not self.speech

    def said_yes(self) -> bool:
        """Key 1 or a spoken yes as the whole answer, with thanks or fillers ("对的 谢谢你", "嗯嗯", "没错 就是这",
        "yes thanks"), or pointing back at what was heard ("对啊 就是刚才说的那个", "the same one")."""
        return self.digits == "1" or (not self.digits and yesno.meaning(self.heard) == yesno.YES)

    def said_no(self) -> bool:
        """Key 2 or a spoken no as the whole answer ("不对", "不是这个地址", "no thanks")."""
        return self.digits == "2" or (not self.digits and yesno.meaning(self.heard) == yesno.NO)

    def nothing_more(self) -> bool:
        """Words that, as the whole answer, say the caller has nothing more ("没有了 谢谢", "好嘞 拜拜", "no, that's all")."""
        return not self.digits and _whole_answer(self.speech, _DONE_ANSWER)

    def said_goodbye(self) -> bool:
        """A goodbye among the words ("好嘞 拜拜", "okay thanks bye")."""
        return not self.digits and _BYE.search(self.speech) is not None

    def thanked(self) -> bool:
        """Thanks among the words ("没有了 谢谢", "no, thank you")."""
        return not self.digits and _THANKS.search(self.speech) is not None

    def only_thanked(self) -> bool:
        """Thanks and nothing else, an "all right" aside ("谢谢", "好的 谢谢", "ok thanks")."""
        return self.thanked() and _whole_answer(self.speech, _THANKS_ANSWER)

    def called_off(self) -> bool:
        """Words that, as the whole answer, call the report off ("算了 不报了", "不用了 谢谢你", "never mind")."""
        return not self.digits and yesno.meaning(self.speech) == yesno.CANCEL

    def only_answered(self) -> bool:
        """Words that only answer, and so are never an address: a yes, a no or a cancel, "nothing more" or thanks
        ("对啊 就是刚才说的那个", "没有了 谢谢", "I told you already")."""
        return bool(self.heard) and (
            yesno.meaning(self.heard) is not None or self.nothing_more() or self.only_thanked()
        )


def _words(transcript: str) -> str:
    """The transcript with runs of whitespace joined and cut to MAX_SPEECH; '' when it is only fillers."""
    words = " ".join(transcript.split())[:MAX_SPEECH]
    return "" if _FILLER.fullmatch(words) else words


def _one_of(words: Sequence[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")" + _PARTICLES


def _answer_of(words: Sequence[str]) -> re.Pattern[str]:
    """Words of the list, one or more, each maybe with a particle, apart or run together."""
    return re.compile(rf"{_one_of(words)}(?:\s*{_one_of(words)})*")


_DONE_ANSWER = _answer_of((*DONE, *OK, *BYE, *AROUND))
_THANKS_ANSWER = _answer_of((*AROUND, *OK))


def led_by_yes(speech: str) -> bool:
    """The words begin with a yes ("对 另外我妈家也漏水了"), whatever follows."""
    return yesno.leading(speech)[0] == yesno.YES


def after_answer(speech: str) -> str:
    """The words after a leading yes or no ("不对 是五零二" -> "五零二"); all of them when there is none."""
    return yesno.leading(speech)[1]


def _whole_answer(speech: str, answer: re.Pattern[str]) -> bool:
    """The transcript, fillers and punctuation aside, is nothing but this answer (its words are matched with their
    fillers too: "就是这儿", "是这个地址" hold words that are fillers elsewhere)."""
    said = speech.lower().replace("’", "'")
    core = " ".join(_FILLER.sub(" ", said).split())
    plain = " ".join(_SOUNDS_ONLY.sub(" ", said).split())
    return bool(core) and (answer.fullmatch(core) is not None or answer.fullmatch(plain) is not None)


@dataclass(slots=True)
class Ctx:
    """One step of one call: services, the stored call state and the caller's input."""

    services: VoiceServices
    state: CallState
    turn: Turn

    @property
    def lang(self) -> str:
        return self.state.lang

    @property
    def intents_lang(self) -> Lang:
        return Lang.EN if self.state.lang == "en" else Lang.ZH_HANS

    @property
    def branch(self) -> Branch:
        company = self.services.company
        return (self.state.branch and company.branch(self.state.branch)) or company.branches[0]

    def address_in(self, words: str) -> Address | None:
        """The address in the caller's words, its words kept with the estate the company serves named next to it."""
        return parse_address(words, places=self.services.company.places)

    def t(self, key: str, **values: object) -> str:
        """A sentence of the caller's language."""
        return texts.say(self.lang, key, **values)

    def url(self, step: str, **query: str) -> str:
        """The URL of a step, numbered by turn: a retried request repeats its number, a new one does not."""
        params = {**query, "n": str(self.state.turn)}
        path = f"/twilio/voice/{step}?" + "&".join(f"{k}={v}" for k, v in params.items())
        return self.services.url(path)

    def number_lines(self, first: str, number: str, again: str = "ticket_repeat") -> list[twiml.Line]:
        """A ticket number read digit by digit, twice, with pauses; `again` leads the second reading."""
        spoken = texts.digits(number, self.lang)
        return [self.t(first), spoken, twiml.Pause(1), self.t(again), spoken, twiml.Pause(1)]

    @property
    def can_text(self) -> bool:
        """The caller's number is known, so an SMS can reach them (a withheld number cannot be texted)."""
        return bool(self.state.phone or self.turn.caller)

    def texted(self, key: str, note: str) -> str:
        """The promise of a text (`key`), or, to a caller whose number is withheld, the ask to note the number down
        (`note`): nothing can be texted to them."""
        return self.t(key if self.can_text else note)

    def call_back_promised(self, key: str, **values: object) -> list[str]:
        """The words of `key`, which promise a call back; to a caller whose number is withheld, its words without the
        promise (`key` + "_withheld") and that nobody can call them back: they are asked to call again showing it."""
        if self.can_text:
            return [self.t(key, **values)]
        return [self.t(f"{key}_withheld", **values), self.t("no_call_back")]

    async def contact(self) -> ContactInfo:
        """The caller's voice contact by caller ID, created on first need.

        A withheld number gets a contact of its own per call ("anon:" + a digest of the CallSid, 16
        characters as the store allows), so its report is kept too; no SMS can reach it, and no later call
        can see its tickets."""
        phone = self.state.phone or self.turn.caller or withheld(self.turn.call_sid)
        hotline = self.state.hotline if self.services.company.branch_for_hotline(self.state.hotline) else None
        store = self.services.store
        info = await contacts.get_or_create(
            store, channel=Channel.VOICE, phone=phone, language=self.lang, hotline=hotline
        )
        if info.language != self.lang:  # the caller's texts follow the language of their latest call
            info = await contacts.update(store, contact_id=info.id, language=self.lang)
        self.state.contact_id = info.id
        return info

    async def home(self) -> Address | None:
        """The caller's own address, as saved from an earlier call (never another home's)."""
        contact = await self.contact()
        if not contact.address_raw:
            return None
        return Address(contact.address_raw, contact.building, contact.unit, contact.room)


def withheld(call_sid: str) -> str:
    """The stand-in 'phone' of a caller who withheld their number: one per call, never a real number."""
    return WITHHELD + hashlib.sha256(call_sid.encode()).hexdigest()[:11]


Step = Callable[[Ctx], Awaitable[str]]


def main_menu(
    ctx: Ctx, *, lead: Sequence[twiml.Line] = (), greet: bool = False, short: str | None = None
) -> str:
    """The main menu: say the problem, or 1 no heat, 2 leak/burst, 3 my repair, 4 standards, 0 person, 9 English."""
    ctx.state.goto("menu")
    ctx.state.intake = None
    lines: list[twiml.Line] = list(lead)
    if greet:
        company = ctx.services.company
        lines.append(ctx.t("greeting", company=company.name_en if ctx.lang == "en" else company.name))
    lines.append(short or ctx.t("menu"))
    return twiml.ask(ctx.lang, lines, action=ctx.url("menu"), hints=texts.hints(ctx.lang), speech_timeout=2)


def operator(ctx: Ctx, *, lead: Sequence[twiml.Line] = ()) -> str:
    """Put the caller through to the branch's duty phone; voicemail if nobody answers."""
    ctx.state.goto("dial")
    ctx.state.dial_purpose = "person"
    return twiml.dial(
        ctx.lang,
        [*lead, ctx.t("to_operator")],
        number=ctx.branch.duty_phone,
        action=ctx.url("dial-result"),
        caller_id=our_number(ctx),
    )


def read_out(
    ctx: Ctx, lines: Sequence[twiml.Line], *, step: str = "after", prompt: str = "back_or_hang_up"
) -> str:
    """Say the lines (a ticket read out), then listen at `step` after `prompt`: anything more the caller says, or *
    for the main menu."""
    ctx.state.intake = None
    ctx.state.goto(step)
    return twiml.ask(
        ctx.lang, [ctx.t(prompt)], before=lines, action=ctx.url(step), timeout=5, hints=texts.hints(ctx.lang)
    )


def goodbye(ctx: Ctx, *, lead: Sequence[twiml.Line] = ()) -> str:
    """Say goodbye and hang up."""
    ctx.state.goto("done")
    return twiml.speak(ctx.lang, [*lead, ctx.t("goodbye")])


def retry(ctx: Ctx, again: Callable[[], str], give_up: Callable[[], str]) -> str:
    """Ask once more after a failed attempt; the second failure gives up (never loops)."""
    ctx.state.tries += 1
    return give_up() if ctx.state.tries >= 2 else again()


def our_number(ctx: Ctx) -> str | None:
    """The hotline the caller dialled, when it is one of ours (caller ID for transfers)."""
    hotline = ctx.state.hotline
    return hotline if ctx.services.company.branch_for_hotline(hotline) else None


def ask_hints(ctx: Ctx) -> str:
    """Speech-recognition hints of the caller's language."""
    return texts.hints(ctx.lang)
