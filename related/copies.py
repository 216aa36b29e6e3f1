"""Copies: the same text published twice, a rewrite of it, or one wire text run by two outlets.

Topical similarity cannot tell them from two reports of one event (those are what a reader wants
next); textual overlap can. An article's text (its terms in order: stemmed, without stop words, so
that case, inflection and small edits do not matter) becomes its set of shingles, every run of
three consecutive terms. Two articles are copies when most shingles of the shorter one are in the
longer one too: a copy with a paragraph dropped or the headline reworded still is one, another
outlet's report of the same facts in its own words is not (on the development sets the two
groups measured 0.74–1.00 and at most 0.62 apart from a few rewrites of wire copy).

Sets are kept as a bottom-k sketch: the ``SKETCH`` smallest 32-bit hashes of the shingles (all of
them for a shorter text), with the number of shingles. Up to the smaller of two sketches' largest
hashes both hold every hash of their texts; the share of those hashes found in both estimates the
Jaccard index J, and from J and the two sizes the shared shingles, |A ∩ B| = J (|A| + |B|) / (1 + J).
"""

import zlib
from functools import lru_cache

import numpy as np

SHINGLE = 3
SKETCH = 128
COPY = 0.7  # a share of the shorter text's shingles found in the other
_MASK = np.uint64(0xFFFFFFFF)


@lru_cache(maxsize=200_000)
def _term_hash(term: str) -> int:
    return zlib.crc32(term.encode())  # stable across processes, unlike hash()


def sketch(terms: list[str]) -> tuple[bytes, int]:
    """(the smallest hashes of the text's shingles as little-endian uint32, the number of shingles)."""
    if len(terms) < SHINGLE:
        terms = terms + [""] * (SHINGLE - len(terms)) if terms else []
    if not terms:
        return b"", 0
    codes = np.fromiter(map(_term_hash, terms), dtype=np.uint64, count=len(terms))
    mixed = codes[: len(codes) - 2] * np.uint64(0x9E3779B1)
    mixed = (mixed ^ (codes[1 : len(codes) - 1] * np.uint64(0x85EBCA77))) & _MASK
    mixed = (mixed * np.uint64(0xC2B2AE3D) ^ codes[2:]) & _MASK
    # fmix32 of MurmurHash3: the smallest values must be a fair sample of the shingles.
    mixed ^= mixed >> np.uint64(16)
    mixed = (mixed * np.uint64(0x85EBCA6B)) & _MASK
    mixed ^= mixed >> np.uint64(13)
    mixed = (mixed * np.uint64(0xC2B2AE35)) & _MASK
    mixed ^= mixed >> np.uint64(16)
    unique = np.unique(mixed.astype(np.uint32))
    return unique[:SKETCH].astype("<u4").tobytes(), len(unique)


def overlap(a: bytes, a_size: int, b: bytes, b_size: int) -> float:
    """The estimated share of the shorter text's shingles that the other one has too (0 without data)."""
    if not a_size or not b_size:
        return 0.0
    first, second = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    # Each sketch holds every hash of its text up to its own largest one, so up to the smaller of
    # the two largest both are complete: the hashes there are a fair sample of the union, and
    # those found in both a sample of the shared shingles (no sort of the union needed).
    limit = min(first[-1], second[-1])
    first = first[: np.searchsorted(first, limit, "right")]
    second = second[: np.searchsorted(second, limit, "right")]
    if not (len(first) and len(second)):  # one text's hashes all lie above the other's
        return 0.0
    found = np.searchsorted(second, first)
    found[found == len(second)] = 0
    both = int(np.count_nonzero(second[found] == first))
    jaccard = both / (len(first) + len(second) - both)
    shared = jaccard * (a_size + b_size) / (1 + jaccard)
    return min(1.0, shared / min(a_size, b_size))


def overlaps(sketches: list[bytes], sizes: list[int]) -> np.ndarray:
    """``overlap`` of every two of the texts at once (a symmetric matrix; the same figures): for
    the rebuild, where one pair at a time would cost most of its time."""
    count = len(sketches)
    arrays = [np.frombuffer(item, dtype="<u4") for item in sketches]
    lengths = np.array([len(item) for item in arrays])
    sizes = np.array(sizes, dtype=np.float64)
    if not count or not lengths.sum():
        return np.zeros((count, count))
    values = np.concatenate(arrays)
    _, columns = np.unique(values, return_inverse=True)
    rows = np.repeat(np.arange(count), lengths)
    incidence = np.zeros((count, columns.max() + 1), dtype=np.float32)
    incidence[rows, columns.ravel()] = 1.0
    both = np.rint(incidence @ incidence.T).astype(np.int64)  # hashes two texts share
    padded = np.full((count, SKETCH), 1 << 32, dtype=np.int64)
    largest = np.zeros(count, dtype=np.int64)
    for row, item in enumerate(arrays):
        padded[row, : len(item)] = item
        largest[row] = item[-1] if len(item) else 0
    limit = np.minimum(largest[:, None], largest[None, :])
    upto = (padded[:, :, None] <= limit[:, None, :]).sum(axis=1)  # [i, j]: text i's hashes up to the limit
    union = upto + upto.T - both
    with np.errstate(divide="ignore", invalid="ignore"):
        jaccard = np.where(union > 0, both / union, 0.0)
        shared = jaccard * (sizes[:, None] + sizes[None, :]) / (1 + jaccard)
        result = np.minimum(1.0, shared / np.minimum(sizes[:, None], sizes[None, :]))
    empty = (sizes == 0) | (lengths == 0)
    result[empty, :] = 0.0
    result[:, empty] = 0.0
    return result


def are_copies(a: bytes, a_size: int, b: bytes, b_size: int) -> bool:
    return overlap(a, a_size, b, b_size) >= COPY
