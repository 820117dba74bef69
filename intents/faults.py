"""A fault told inside a message about something else: "投诉：暖气一直不热，打了三次电话都没人来" is a complaint, and it
also says the home is cold now, so its repair is owed as well."""

from __future__ import annotations

import re

from intents.classifier import classify
from intents.lexicon import load_vocab
from intents.normalize import normalize
from intents.types import Intent

# where one clause of a message ends: "暖气一直不热，打了三次电话都没人来", "the heating is off and nobody came" are two
_CLAUSE_END = re.compile(r"[，,。.！!？?；;：:、\n]+|\s{2,}|\s+(?:and|but|so)\s+", re.IGNORECASE)
_VOCAB = load_vocab()


def tells_cold(text: str) -> bool:
    """One clause of the message, on its own, reports the home cold now ("暖气一直不热", "the heating has been off for
    days"), whatever the whole is about; one told as past ("上次暖气不热的时候…") or too hot is no such report."""
    for clause in _CLAUSE_END.split(text):
        if not clause.strip():
            continue
        said = classify(clause)
        if said.intent is not Intent.NO_HEAT or said.unsure or said.too_hot:
            continue
        if _VOCAB["past_escape"].search(normalize(clause)) is None:
            return True
    return False
