"""BM25 over stemmed terms: the lexical half of hybrid search.

Postings are numpy arrays so a query touches only its own terms' rows; scoring a subset of rows (one
standard's passages) costs the same as scoring all of them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np


class Bm25:
    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.size = len(documents)
        self.k1, self.b = k1, b
        lengths = np.array([len(doc) for doc in documents], dtype=np.float32)
        self.average_length = float(lengths.mean()) if self.size else 0.0
        rows: dict[str, list[int]] = {}
        freqs: dict[str, list[int]] = {}
        for row, doc in enumerate(documents):
            for term, tf in Counter(doc).items():
                rows.setdefault(term, []).append(row)
                freqs.setdefault(term, []).append(tf)
        norm = k1 * (1 - b + b * lengths / max(self.average_length, 1e-9))
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, term_rows in rows.items():
            r = np.array(term_rows, dtype=np.int32)
            tf = np.array(freqs[term], dtype=np.float32)
            idf = math.log(1 + (self.size - len(r) + 0.5) / (len(r) + 0.5))
            self.postings[term] = (r, (idf * tf * (k1 + 1) / (tf + norm[r])).astype(np.float32))

    def scores(self, query_terms: Sequence[str], weights: dict[str, float] | None = None) -> np.ndarray:
        """BM25 score of every row (zeros where no query term occurs)."""
        out = np.zeros(self.size, dtype=np.float32)
        for term in dict.fromkeys(query_terms):
            posting = self.postings.get(term)
            if posting is not None:
                rows, contribution = posting
                out[rows] += contribution * (weights.get(term, 1.0) if weights else 1.0)
        return out

    def scores_within(self, query_terms: Sequence[str], rows: np.ndarray) -> np.ndarray:
        """BM25 of the given rows with IDF counted inside them: within one standard, a word every passage
        shares ('meat' for a butcher) says nothing, however rare it is in the whole corpus."""
        inside = np.zeros(self.size, dtype=bool)
        inside[rows] = True
        out = np.zeros(self.size, dtype=np.float32)
        subset = len(rows)
        for term in dict.fromkeys(query_terms):
            posting = self.postings.get(term)
            if posting is None:
                continue
            term_rows, contribution = posting
            keep = inside[term_rows]
            local_df = int(keep.sum())
            if local_df == 0:
                continue
            local_idf = math.log(1 + (subset - local_df + 0.5) / (local_df + 0.5))
            out[term_rows[keep]] += contribution[keep] * (local_idf / self.idf(term))
        return out[rows]

    def idf(self, term: str) -> float:
        posting = self.postings.get(term)
        n = len(posting[0]) if posting is not None else 0
        return math.log(1 + (self.size - n + 0.5) / (n + 0.5))
