"""Scoring: a character/word n-gram naive Bayes model and an indexed fuzzy phrase matcher."""

from __future__ import annotations

import re
import struct
from collections import defaultdict
from operator import add

import numpy as np
from rapidfuzz import fuzz

from intents.lexicon import Phrase

_TOKEN = re.compile(r"[a-z]+|\d+|[\u3400-\u9fff]+")
_MAX_CANDIDATES = 40
SCALE = 4096.0  # fixed-point resolution of packed weights
_OFFSET = 1 << 16  # added to every packed weight so fields never go negative
_FIELD = 32  # bits per label: room for 16,000 features of at most 2 * _OFFSET each (< 2**32)
_MAX_FEATURES = 16000


def tokens(text: str) -> list[str]:
    """Runs of Latin letters, digits and Chinese characters of normalised text."""
    return _TOKEN.findall(text)


def features(text: str) -> list[str]:
    """N-gram features of normalised text: Chinese character 1-3-grams, English words (plurals also singular), prefixes and bigrams."""
    feats: list[str] = []
    prev = ""
    for tok in _TOKEN.findall(text):
        first = tok[0]
        if first > "~":  # a run of Chinese characters
            feats += tok
            if len(tok) > 1:
                pairs = list(map(add, tok, tok[1:]))
                feats += pairs
                feats += map(add, pairs, tok[2:])
            prev = ""
        elif first.isdigit():
            feats.append("#")
            prev = ""
        else:
            feats.append(tok)
            if (
                len(tok) > 3 and tok[-1] == "s"
            ):  # "rads" also counts as "rad": plurals share the singular's weight
                feats.append(tok[:-1])
            if len(tok) > 5:
                feats.append(tok[:5] + "~")
            if prev:
                feats.append(prev + "_" + tok)
            prev = tok
    return feats


def index_keys(text: str) -> set[str]:
    """Keys of the candidate index: Chinese character bigrams and English word prefixes."""
    keys: set[str] = set()
    for tok in _TOKEN.findall(text):
        if tok[0] > "~":
            if len(tok) == 1:
                keys.add(tok)
            else:
                keys.update(map(add, tok, tok[1:]))
        elif len(tok) > 1 and not tok[0].isdigit():
            keys.add(tok[:4])
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
        # Each feature's weights packed into one Python int (fixed point, one 32-bit field per label), so
        # that scoring a message is a sum of ints rather than a numpy call per message.
        # The lowest field counts the known features (1 each), so one C-level sum gives both.
        fixed = np.rint(self.weights * SCALE).astype(np.int64) + _OFFSET
        if fixed.size and (fixed.min() < 0 or fixed.max() >= 2 * _OFFSET):
            raise ValueError("a feature weight does not fit its packed field")
        # Built as bytes, little-endian: field 0 (the count) is the lowest, label i at bit _FIELD * (i + 1).
        fields = np.empty((len(fixed), len(labels) + 1), dtype=f"<u{_FIELD // 8}")
        fields[:, 0] = 1
        fields[:, 1:] = fixed
        raw, width = fields.tobytes(), fields.shape[1] * fields.itemsize
        self.packed: dict[str, int] = {
            feat: int.from_bytes(raw[i * width : (i + 1) * width], "little")
            for i, feat in enumerate(self.vocab)
        }
        # The fields read back in one call: the count, then one unsigned 32-bit field per label.
        self._fields = struct.Struct(f"<{len(labels) + 1}I")
        self._zeros = [0.0] * len(labels)
        self._words: dict[str, int] = {}  # memo of `_word`
        self._grams = _Grams(self.packed)

    def scores(self, text: str) -> tuple[list[float], int]:
        """Summed log-likelihoods per label (centred per feature) and how many features were known."""
        return self.scores_of(features(text))

    def scores_text(self, text: str) -> tuple[list[float], int]:
        """`scores(text)` summed while the features are produced, without building their list."""
        return self._floats(*self.fields_text(text))

    def fields_text(self, text: str) -> tuple[int, list[int]]:
        """How many features of `text` are known, and per label their packed weights summed.

        A field is `SCALE` times the label's summed log-likelihood plus `known * _OFFSET`, the same for every
        label: differences between fields are exact, so a softmax can be taken on them directly.
        """
        return self._split(self._total(text))

    def _total(self, text: str) -> int:
        if len(text) > _MAX_FEATURES // 4:  # at most 3 features a character: keep the packed fields apart
            return self._total_of(features(text))
        get, words, grams = self.packed.get, self._words, self._grams.__getitem__
        total = 0
        prev = ""
        for tok in _TOKEN.findall(text):
            first = tok[0]
            if first > "~":  # a run of Chinese characters: its 1-, 2- and 3-grams, one lookup a character
                total += sum(map(grams, map(tok.__getitem__, _FROM_EACH[: len(tok)])))
                prev = ""
            elif first.isdigit():
                total += get("#", 0)
                prev = ""
            else:
                word = words.get(tok)
                total += self._word(tok) if word is None else word
                if prev:
                    total += get(prev + "_" + tok, 0)
                prev = tok
        return total

    def _word(self, word: str) -> int:
        """An English word's own features summed (itself, its singular, its prefix), remembered (bounded)."""
        get = self.packed.get
        total = get(word, 0)
        if len(word) > 3 and word[-1] == "s":
            total += get(word[:-1], 0)
        if len(word) > 5:
            total += get(word[:5] + "~", 0)
        if len(self._words) < 50000:
            self._words[word] = total
        return total

    def scores_of(self, feats: list[str]) -> tuple[list[float], int]:
        """`scores` of features already computed."""
        return self._floats(*self._split(self._total_of(feats)))

    def _split(self, total: int) -> tuple[int, list[int]]:
        n, *fields = self._fields.unpack(total.to_bytes(self._fields.size, "little"))
        return n, fields

    def _floats(self, known: int, fields: list[int]) -> tuple[list[float], int]:
        if not known:
            return list(self._zeros), 0
        base = known * _OFFSET
        return [(field - base) / SCALE for field in fields], known

    def _total_of(self, feats: list[str]) -> int:
        if len(feats) > _MAX_FEATURES:
            feats = [f for f in feats if f in self.packed][:_MAX_FEATURES]
        return sum(filter(None, map(self.packed.get, feats)))


# The (up to) three characters from each position of a run: `_FROM_EACH[:n]` cuts a run of n into its n 3-grams,
# the last two cut short.
_FROM_EACH = [slice(i, i + 3) for i in range(_MAX_FEATURES // 4)]


class _Grams(dict[str, int]):
    """The Chinese n-gram features of one position summed: `abc` -> a + ab + abc, looked up in one go.

    Keys are the known 3-grams (with their 2-gram and 1-gram), the known 2-grams (with their 1-gram) and the
    known characters. An unknown 3-gram falls back to its 2-gram, an unknown 2-gram to its character; the sum over
    a run's positions is exactly the sum of its 1-, 2- and 3-gram features.
    """

    def __init__(self, packed: dict[str, int]) -> None:
        super().__init__()
        chinese = [feat for feat in packed if feat[0] > "~"]
        for size in (1, 2, 3):  # shortest first: a gram's prefix is summed (or falls back) already
            for feat in chinese:
                if len(feat) == size:
                    self[feat] = packed[feat] + self[feat[:-1]] if size > 1 else packed[feat]

    def __missing__(self, gram: str) -> int:
        return self[gram[:-1]] if len(gram) > 1 else 0  # "abc" unknown -> "ab" -> "a" -> nothing


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
        self.parts = [p.parts for p in self.phrases]
        self.nkeys = [len(index_keys(p.text)) for p in self.phrases]
        self.weight = [min(1.0, 0.45 + 0.12 * sum(len(p) for p in ph.parts)) for ph in self.phrases]

    def scores(self, text: str, keys: set[str] | None = None, fuzzy: bool = True) -> list[float]:
        """Per label, the best weighted similarity (0..1) of any phrase to the text.

        Near misses are fuzzy-scored only when `fuzzy` and no phrase matched exactly and strongly.
        """
        out = [0.0] * len(self.labels)
        if keys is None:
            keys = index_keys(text)
        parts, weight, label_col, exact = self.parts, self.weight, self.label_col, self.exact
        for key in [k for k in keys if k in exact]:
            for i in exact[key]:
                if weight[i] > out[label_col[i]] and all(part in text for part in parts[i]):
                    out[label_col[i]] = weight[i]
        if fuzzy and max(out) < 0.8 and any(not k.isascii() or len(k) > 3 for k in keys):
            self._fuzzy(text, keys, out)
        return out

    def _fuzzy(self, text: str, keys: set[str], out: list[float]) -> None:
        """Typos and near misses: rapidfuzz on the phrases sharing most index keys with the text."""
        hits: dict[int, int] = defaultdict(int)
        for key in keys:
            for i in self.index.get(key, ()):
                hits[i] += 1
        nkeys = self.nkeys
        # A phrase sharing under half of its index keys with the text cannot reach the fuzzy cut-off.
        close = [i for i, h in hits.items() if h >= 2 and 2 * h >= nkeys[i]]
        best = sorted(close, key=lambda i: (-hits[i], i))[:_MAX_CANDIDATES]
        for i in best:
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
