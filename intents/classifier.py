"""Intent classification: n-gram model + fuzzy phrases, then the rules the data shows are needed."""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from math import exp

from intents.entities import extract_from_prepared
from intents.lexicon import load_examples, load_phrases, load_vocab
from intents.model import NaiveBayes, PhraseMatcher
from intents.normalize import detect_lang, prepare, strip_text
from intents.types import Classification, Intent, Topic

MAX_CHARS = 2000
UNSURE_BELOW = 0.45
LABELS = [i.value for i in Intent if i is not Intent.STANDARDS] + [f"standards.{t.value}" for t in Topic]
_INTENT_OF = [Intent(label.split(".")[0]) for label in LABELS]
_FIRST_TOPIC = _INTENT_OF.index(Intent.STANDARDS)
_TOPICS = list(Topic)
_TICKETS = {Intent.NO_HEAT, Intent.LEAK, Intent.BURST, Intent.COMPLAINT}
_HEATING_INTENTS = [
    Intent.NO_HEAT,
    Intent.LEAK,
    Intent.BURST,
    Intent.STATUS,
    Intent.STANDARDS,
    Intent.COMPLAINT,
]

_VOCAB = load_vocab()
_NB = NaiveBayes(LABELS, load_examples() + [(p.label, p.text) for p in load_phrases()])
_PHRASES = PhraseMatcher(LABELS, load_phrases())


class _Signals:
    """Rule vocabulary found in a message, each looked up only when a rule asks for it."""

    def __init__(self, text: str) -> None:
        self.text = _VOCAB["masks"].sub(" ", text)
        self.masked_any = self.text != text
        self.hard_negative = _has("hard_negatives", self.text)
        self.rest = _VOCAB["hard_negatives"].sub(" ", self.text) if self.hard_negative else self.text
        self.heating = _has("heating", self.rest)
        self.leak = _has("leak", self.text)
        self.burst = _has("burst", self.text)

    @cached_property
    def hypothetical(self) -> bool:
        return _has("hypothetical", self.text)

    @cached_property
    def water(self) -> bool:
        return _has("water_context", self.rest)

    @cached_property
    def cold_indoor(self) -> bool:
        return _has("cold", self.text) and (self.heating or self.masked_any or _has("indoor", self.rest))

    @cached_property
    def service(self) -> bool:
        return _has("service", self.text)

    @cached_property
    def reported(self) -> bool:
        return _has("reported", self.text)


def _has(name: str, text: str) -> bool:
    return _VOCAB[name].search(text) is not None


def _label_scores(text: str) -> list[float]:
    raw, known = _NB.scores(text)
    scale = 1.5 / max(1.0, known**0.5)
    top = max(raw)
    probs = [exp((r - top) * scale) for r in raw]
    norm = 0.55 / sum(probs)
    return [p * norm + 0.45 * q for p, q in zip(probs, _PHRASES.scores(text), strict=True)]


def _intent_scores(labels: list[float]) -> dict[Intent, float]:
    out = dict(zip(_INTENT_OF[:_FIRST_TOPIC], labels[:_FIRST_TOPIC], strict=True))
    out[Intent.STANDARDS] = sum(labels[_FIRST_TOPIC:])
    return out


def _allowed(intent: Intent, sig: _Signals) -> bool:
    if intent is Intent.NO_HEAT:
        return sig.heating or sig.cold_indoor
    if intent in (Intent.LEAK, Intent.BURST):
        return (sig.leak or sig.burst) and sig.water and (sig.heating or not sig.hard_negative)
    if intent is Intent.COMPLAINT:
        return sig.service and (sig.heating or not sig.hard_negative)
    return True


def _decide(scores: dict[Intent, float], sig: _Signals) -> tuple[Intent, float, bool]:
    """The intent, its confidence and whether to ask a clarifying question."""
    if (sig.leak or sig.burst) and _allowed(Intent.LEAK, sig) and not sig.hypothetical:
        emergency = max(scores[Intent.LEAK], scores[Intent.BURST])
        if not (sig.reported and scores[Intent.STATUS] > emergency):
            kind = (
                Intent.BURST
                if sig.burst and scores[Intent.BURST] >= 0.5 * scores[Intent.LEAK]
                else Intent.LEAK
            )
            return kind, max(0.75, min(1.0, emergency + 0.3)), False
    if sig.hard_negative and not sig.heating:
        return Intent.OUT_OF_SCOPE, max(0.7, scores[Intent.OUT_OF_SCOPE]), False
    if sig.hypothetical and (sig.leak or sig.burst) and (sig.heating or sig.water):
        return Intent.STANDARDS, 0.7, False
    ranked = sorted(scores, key=lambda i: -scores[i])
    allowed = [i for i in ranked if _allowed(i, sig)]
    best = allowed[0]
    if sig.heating and best is Intent.OUT_OF_SCOPE:
        best = next(i for i in allowed if i in _HEATING_INTENTS)
        return best, min(0.5, scores[best]), True
    confidence = float(min(1.0, max(0.0, scores[best])))
    runner_up = scores[allowed[1]] if len(allowed) > 1 else 0.0
    unsure = confidence < UNSURE_BELOW or confidence - runner_up < 0.08
    return best, confidence, unsure


def _topic(labels: list[float]) -> Topic:
    topics = labels[_FIRST_TOPIC:]
    return _TOPICS[topics.index(max(topics))]


def classify(text: str) -> Classification:
    """Intent, confidence, topic, entities and language of one message; never raises."""
    if not isinstance(text, str):
        text = str(text)
    try:
        return _classify(text)
    except Exception:  # a resident's message must never crash a channel: answer "not understood"
        return Classification(text=text, intent=Intent.OUT_OF_SCOPE, confidence=0.0, unsure=True)


def _classify(text: str) -> Classification:
    prepared = prepare(text[:MAX_CHARS])
    entities = extract_from_prepared(prepared)
    lang = detect_lang(text)
    norm = strip_text(prepared)
    if not norm:
        return Classification(
            text=text, intent=Intent.OUT_OF_SCOPE, confidence=0.0, entities=entities, lang=lang
        )
    sig = _Signals(norm)
    labels = _label_scores(sig.text)
    scores = _intent_scores(labels)
    intent, confidence, unsure = _decide(scores, sig)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    candidates = tuple((i, round(s, 3)) for i, s in ranked[:2]) if unsure else ()
    if unsure and intent not in dict(candidates):
        candidates = ((intent, round(confidence, 3)), *candidates[:1])
    topic = _topic(labels) if intent is Intent.STANDARDS else None
    if intent is Intent.STANDARDS and entities.temperature_c is not None:
        entities = replace(entities, temperature_c=None)
    return Classification(
        text=text,
        intent=intent,
        confidence=round(confidence, 3),
        topic=topic,
        entities=entities,
        lang=lang,
        unsure=unsure,
        candidates=candidates,
    )
