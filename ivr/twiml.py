"""TwiML documents, built by small pure functions from spoken lines and the next step's URL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from twilio.twiml.voice_response import Dial, Gather, Record, VoiceResponse


@dataclass(frozen=True, slots=True)
class Pause:
    """Silence between two spoken lines."""

    seconds: int = 1


Line = str | Pause


@dataclass(frozen=True, slots=True)
class Voice:
    """How one language is spoken (<Say>) and recognised (<Gather>)."""

    say_voice: str
    say_language: str
    speech_language: str


VOICES = {
    "zh-Hans": Voice("Polly.Zhiyu", "cmn-CN", "cmn-Hans-CN"),
    "en": Voice("Polly.Joanna", "en-US", "en-US"),
}
# Google STT v2 telephony model: documented for <Gather>, recognises cmn-Hans-CN and en-US. Twilio asks for
# an integer speechTimeout whenever a speechModel is set ("auto" raises warning 13335), so we give seconds.
SPEECH_MODEL = "googlev2_telephony"


def voice(lang: str) -> Voice:
    """The voice of a language; Mandarin for anything unknown."""
    return VOICES.get(lang, VOICES["zh-Hans"])


def _speak(parent: VoiceResponse | Gather, lang: str, lines: Sequence[Line]) -> None:
    v = voice(lang)
    for line in lines:
        if isinstance(line, Pause):
            parent.pause(length=line.seconds)
        elif line:
            parent.say(line, voice=v.say_voice, language=v.say_language)


def ask(
    lang: str,
    lines: Sequence[Line],
    *,
    action: str,
    before: Sequence[Line] = (),
    speech: bool = True,
    digits: bool = True,
    num_digits: int | None = 1,
    finish_on_key: str | None = None,
    timeout: int = 6,
    speech_timeout: int = 2,
    hints: str | None = None,
) -> str:
    """Speak `before`, then the lines inside a <Gather> (barge-in); no input posts the action empty."""
    inputs = " ".join(name for name, on in (("dtmf", digits), ("speech", speech)) if on)
    attrs: dict[str, object] = {"action": action, "method": "POST", "input": inputs, "timeout": timeout}
    if digits and num_digits:
        attrs["numDigits"] = num_digits
    if finish_on_key is not None:
        attrs["finishOnKey"] = finish_on_key
    if speech:
        attrs |= {
            "language": voice(lang).speech_language,
            "speechModel": SPEECH_MODEL,
            "speechTimeout": speech_timeout,
        }
        if hints:
            attrs["hints"] = hints
    gather = Gather(**attrs)
    _speak(gather, lang, lines)
    response = VoiceResponse()
    _speak(response, lang, before)
    response.append(gather)
    response.redirect(action, method="POST")
    return str(response)


def speak(lang: str, lines: Sequence[Line], *, then: str | None = None) -> str:
    """Speak the lines, then go to `then` or hang up."""
    response = VoiceResponse()
    _speak(response, lang, lines)
    if then:
        response.redirect(then, method="POST")
    else:
        response.hangup()
    return str(response)


def dial(
    lang: str,
    lines: Sequence[Line],
    *,
    number: str,
    action: str,
    whisper_url: str | None = None,
    caller_id: str | None = None,
    timeout: int = 20,
) -> str:
    """Speak the lines, then ring `number`; the outcome is posted to `action`."""
    response = VoiceResponse()
    _speak(response, lang, lines)
    call = Dial(action=action, method="POST", timeout=timeout, caller_id=caller_id)
    if whisper_url:
        call.number(number, url=whisper_url, method="POST")
    else:
        call.number(number)
    response.append(call)
    return str(response)


def record(lang: str, lines: Sequence[Line], *, action: str, max_length: int = 120) -> str:
    """Announce the recording, record a message; an empty recording still reaches `action`."""
    response = VoiceResponse()
    _speak(response, lang, lines)
    response.append(
        Record(
            action=action, method="POST", max_length=max_length, play_beep=True, finish_on_key="#", timeout=6
        )
    )
    response.redirect(action, method="POST")
    return str(response)


def announce(lang: str, lines: Sequence[Line]) -> str:
    """Speak the lines and end the document without hanging up (a whisper before a call is bridged)."""
    response = VoiceResponse()
    _speak(response, lang, lines)
    return str(response)


def empty() -> str:
    """A document that does nothing (answers to status callbacks)."""
    return str(VoiceResponse())
