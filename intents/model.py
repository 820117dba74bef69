"""Scoring: a character/word n-gram naive Bayes model and an indexed fuzzy phrase matcher."""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
from rapidfuzz import fuzz

from intents.lexicon import Phrase

_TOKEN = re.compile(r"[a-z]+|\d+|[\u3400-\u9fff]+")
_MAX_CANDIDATES = 40


def features(text: str) -> list[str]:
    """N-gram features of normalised text: Chinese character 1-3-grams, English words, prefixes and bigrams."""
    feats: list[str] = []
    prev = ""
    for tok in _TOKEN.findall(text):
        if tok[0].isascii() and tok[0].isalpha():
            feats.append(tok)
            if len(tok) > 5:
                feats.append(tok[:5] + "~")
            if prev:
                feats.append(prev + "_" + tok)
            prev = tok
        elif tok[0].isdigit():
            feats.append("#")
            prev = ""
        else:
            feats.extend(tok)
            feats.extend(tok[i : i + 2] for i in range(len(tok) - 1))
            feats.extend(tok[i : i + 3] for i in range(len(tok) - 2))
            prev = ""
    return feats


def index_keys(text: str) -> set[str]:
    """Keys of the candidate index: Chinese character bigrams and English word prefixes."""
    keys: set[str] = set()
    for tok in _TOKEN.findall(text):
        if tok[0].isascii():
            if tok[0].isalpha() and len(tok) > 1:
                keys.add(tok[:4])
        elif len(tok) == 1:
            keys.add(tok)
        else:
            keys.update(tok[i : i + 2] for i in range(len(tok) - 1))
    return keys


class NaiveBayes:
    """Multinomial naive Bayes over `features`, uniform class prior."""

    def __init__(self, labels: list[str], examples: list[tuple[str, str]], alpha: float = 0.2) -> None:
        self.labels = labels
        col = {label: i for i, label in enumerate(labels)}
        counts: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(labels)))
        for label, text in examples:
            if label in col:
                for feat in features(text):
                    counts[feat][col[label]] += 1
        self.vocab = {feat: i for i, feat in enumerate(counts)}
        matrix = np.array(list(counts.values())) if counts else np.zeros((1, len(labels)))
        totals = matrix.sum(axis=0) + alpha * len(matrix)
        self.weights = np.log((matrix + alpha) / totals)
        self.weights -= self.weights.mean(axis=1, keepdims=True)

    def scores(self, text: str) -> tuple[np.ndarray, int]:
        """Summed log-likelihoods per label (centred per feature) and how many features were known."""
        ids = [i for i in (self.vocab.get(f) for f in features(text)) if i is not None]
        if not ids:
            return np.zeros(len(self.labels)), 0
        return self.weights[ids].sum(axis=0), len(ids)


class PhraseMatcher:
    """Best phrase score per label: bigram/prefix index narrows the phrases, rapidfuzz scores a few dozen."""

    def __init__(self, labels: list[str], phrases: list[Phrase]) -> None:
        self.labels = labels
        self.col = {label: i for i, label in enumerate(labels)}
        self.phrases = [p for p in phrases if p.label in self.col]
        index: dict[str, list[int]] = defaultdict(list)
        for i, phrase in enumerate(self.phrases):
            for key in index_keys(phrase.text):
                index[key].append(i)
        self.index = dict(index)
        self.weight = [min(1.0, 0.45 + 0.12 * sum(len(p) for p in ph.parts)) for ph in self.phrases]

    def scores(self, text: str) -> np.ndarray:
        """Per label, the best weighted similarity (0..1) of any phrase to the text."""
        out = np.zeros(len(self.labels))
        hits: dict[int, int] = defaultdict(int)
        for key in index_keys(text):
            for i in self.index.get(key, ()):
                hits[i] += 1
        best = sorted(hits, key=lambda i: (-hits[i], i))[:_MAX_CANDIDATES]
        for i in best:
            phrase = self.phrases[i]
            sim = min(_part_score(part, text) for part in phrase.parts)
            col = self.col[phrase.label]
            value = sim * self.weight[i]
            if value > out[col]:
                out[col] = value
        return out


def _part_score(part: str, text: str) -> float:
    if part in text:
        return 1.0
    if len(part) < 4:
        return 0.0
    score = fuzz.partial_ratio(part, text, score_cutoff=80)
    return (score - 60) / 40 if score else 0.0
