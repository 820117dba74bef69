"""Intent classification: n-gram model + fuzzy phrases, then the rules the data shows are needed."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from intents.entities import extract_from_prepared
from intents.lexicon import load_examples, load_phrases, load_vocab
from intents.model import NaiveBayes, PhraseMatcher
from intents.normalize import detect_lang, prepare, strip_text
from intents.types import Classification, Intent, Topic

MAX_CHARS = 2000
UNSURE_BELOW = 0.45
LABELS = [i.value for i in Intent if i is not Intent.STANDARDS] + [f"standards.{t.value}" for t in Topic]
_INTENT_OF = [Intent(label.split(".")[0]) for label in LABELS]
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


@dataclass(slots=True)
class _Signals:
    text: str
    heating: bool
    hard_negative: bool
    hypothetical: bool
    leak: bool
    burst: bool
    water: bool
    cold_indoor: bool
    service: bool
    reported: bool


def _has(name: str, text: str) -> bool:
    return _VOCAB[name].search(text) is not None


def _signals(text: str) -> _Signals:
    masked = _VOCAB["masks"].sub(" ", text)
    without_negatives = _VOCAB["hard_negatives"].sub(" ", masked)
    heating = _has("heating", without_negatives)
    return _Signals(
        text=masked,
        heating=heating,
        hard_negative=_has("hard_negatives", masked),
        hypothetical=_has("hypothetical", masked),
        leak=_has("leak", masked),
        burst=_has("burst", masked),
        water=_has("water_context", without_negatives),
        cold_indoor=(_has("cold", masked) and (_has("indoor", masked) or heating)),
        service=_has("service", masked),
        reported=_has("reported", masked),
    )


def _label_scores(text: str) -> np.ndarray:
    raw, known = _NB.scores(text)
    logits = raw / max(1.0, known**0.5) * 1.5
    probs = np.exp(logits - logits.max())
    probs /= probs.sum()
    return 0.55 * probs + 0.45 * _PHRASES.scores(text)


def _intent_scores(labels: np.ndarray) -> dict[Intent, float]:
    out: dict[Intent, float] = {}
    for score, intent in zip(labels.tolist(), _INTENT_OF, strict=True):
        out[intent] = out.get(intent, 0.0) + score if intent is Intent.STANDARDS else score
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
    if sig.hypothetical and (sig.leak or sig.burst):
        scores = {**scores, Intent.LEAK: 0.0, Intent.BURST: 0.0}
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


def _topic(labels: np.ndarray) -> Topic:
    start = LABELS.index(f"standards.{Topic.HEATING_PERIOD.value}")
    return list(Topic)[int(np.argmax(labels[start:]))]


def classify(text: str) -> Classification:
    """Intent, confidence, topic, entities and language of one message; never raises."""
    if not isinstance(text, str):
        text = str(text)
    prepared = prepare(text[:MAX_CHARS])
    entities = extract_from_prepared(prepared)
    lang = detect_lang(text)
    norm = strip_text(prepared)
    if not norm:
        return Classification(
            text=text, intent=Intent.OUT_OF_SCOPE, confidence=0.0, entities=entities, lang=lang
        )
    sig = _signals(norm)
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
