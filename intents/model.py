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

    def scores(self, text: str) -> tuple[list[float], int]:
        """Summed log-likelihoods per label (centred per feature) and how many features were known."""
        vocab = self.vocab
        ids = [vocab[f] for f in features(text) if f in vocab]
        if not ids:
            return [0.0] * len(self.labels), 0
        sums: list[float] = self.weights[ids].sum(axis=0).tolist()
        return sums, len(ids)


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
        # An exact match needs every key of the phrase, so indexing each phrase by its rarest key suffices.
        exact: dict[str, list[int]] = defaultdict(list)
        for i, phrase in enumerate(self.phrases):
            keys = index_keys(phrase.text)
            if keys:
                exact[min(keys, key=lambda k: (len(self.index[k]), k))].append(i)
        self.exact = dict(exact)
        self.label_col = [self.col[p.label] for p in self.phrases]
        self.weight = [min(1.0, 0.45 + 0.12 * sum(len(p) for p in ph.parts)) for ph in self.phrases]

    def scores(self, text: str) -> list[float]:
        """Per label, the best weighted similarity (0..1) of any phrase to the text."""
        out = [0.0] * len(self.labels)
        keys = index_keys(text)
        phrases, weight, label_col = self.phrases, self.weight, self.label_col
        for key in keys:
            for i in self.exact.get(key, ()):
                if weight[i] > out[label_col[i]] and all(part in text for part in phrases[i].parts):
                    out[label_col[i]] = weight[i]
        if max(out) < 0.8 and any(not k.isascii() or len(k) > 3 for k in keys):
            self._fuzzy(text, keys, out)
        return out

    def _fuzzy(self, text: str, keys: set[str], out: list[float]) -> None:
        """Typos and near misses: rapidfuzz on the phrases sharing most index keys with the text."""
        hits: dict[int, int] = defaultdict(int)
        for key in keys:
            for i in self.index.get(key, ()):
                hits[i] += 1
        best = sorted(hits, key=lambda i: (-hits[i], i))[:_MAX_CANDIDATES]
        for i in best:
            if hits[i] < 2:
                break
            sim = min(_part_score(part, text) for part in self.phrases[i].parts)
            value = sim * self.weight[i]
            col = self.label_col[i]
            if value > out[col]:
                out[col] = value


def _part_score(part: str, text: str) -> float:
    if part in text:
        return 1.0
    if len(part) < 4:
        return 0.0
    score = fuzz.partial_ratio(part, text, score_cutoff=80)
    return (score - 60) / 40 if score else 0.0
