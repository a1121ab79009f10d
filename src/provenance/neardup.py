"""Near-duplicate texts: a campaign's letters, each signed or lightly edited, are one voice.

Rarity weights count how many independent texts hold a phrase, so that boilerplate
counts for little. Identical copies are folded before matching; copies that differ by
a signature or a greeting are folded here. Each text gets a MinHash signature over its
word 4-grams (hashed with CRC-32, so the same in every process and on every machine);
signatures are banded for locality-sensitive hashing, and texts whose signatures agree
on at least ``THRESHOLD`` of their values (an estimate of the Jaccard similarity of
their 4-gram sets) fall in one cluster. Within a band bucket each text is compared with
the bucket's least key only, so the work stays linear even for a campaign of 100,000
letters, and the clusters depend only on the set of signatures, never on their order.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence

import numpy as np

SIZE = 64  # values in a signature
ROWS = 4  # values per band: pairs at Jaccard 0.8 share a band with probability 0.9999
THRESHOLD = 0.8  # least share of equal values for two texts to be one voice
_GRAM = 4
# Multiply-shift hashing, (a x + b) mod 2**64 then the top 32 bits, with fixed random
# odd a: a universal family, computed by numpy's wrapping uint64 arithmetic.
_RANDOM = np.random.default_rng(20261129).integers(0, 1 << 63, size=(2, SIZE), dtype=np.int64)
_A = (_RANDOM[0].astype(np.uint64) * np.uint64(2) + np.uint64(1))[:, None]
_B = _RANDOM[1].astype(np.uint64)[:, None]
_SHIFT = np.uint64(32)

# SIZE values of 32 bits, little-endian: 256 bytes, where a tuple of Python ints takes
# ten times that, and a docket holds one for every letter sharing words with the final.
Signature = bytes
_VALUE = np.dtype("<u4")


def signature(keys: Sequence[str]) -> Signature:
    """The MinHash signature of a text's word 4-grams (``keys`` from ``token_keys``).

    >>> a = signature("we ask the ministry to publish every contract online".split())
    >>> b = signature("we ask the ministry to publish every contract online now".split())
    >>> round(similarity(a, b), 1) >= 0.6, similarity(a, a)
    (True, 1.0)
    """
    grams = {" ".join(keys[i : i + _GRAM]) for i in range(max(1, len(keys) - _GRAM + 1))}
    hashes = np.fromiter(
        (zlib.crc32(g.encode("utf-8", "surrogatepass")) for g in grams),
        dtype=np.uint64,
        count=len(grams),
    )
    values = ((_A * hashes[None, :] + _B) >> _SHIFT).min(axis=1)
    return bytes(values.astype(_VALUE).tobytes())


def similarity(a: Signature, b: Signature) -> float:
    """Share of equal values: an estimate of the Jaccard similarity of the two texts."""
    return int(np.count_nonzero(np.frombuffer(a, _VALUE) == np.frombuffer(b, _VALUE))) / SIZE


def to_ints(values: Signature) -> list[int]:
    """A signature as its values, for JSON."""
    return [int(v) for v in np.frombuffer(values, _VALUE)]


def from_ints(values: Sequence[int]) -> Signature:
    """A signature from its values (``to_ints``)."""
    return bytes(np.asarray(values, dtype=_VALUE).tobytes())


def clusters(signatures: Mapping[str, Signature]) -> dict[str, str]:
    """Each key's cluster, named by its least key, for every key but the least of each
    cluster (which names itself); keys alone are left out."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    for band in range(SIZE // ROWS):
        buckets: dict[Signature, list[str]] = {}
        for key, values in signatures.items():
            band_bytes = values[band * ROWS * _VALUE.itemsize : (band + 1) * ROWS * _VALUE.itemsize]
            buckets.setdefault(band_bytes, []).append(key)
        for keys in buckets.values():
            if len(keys) < 2:
                continue
            first = min(keys)
            for key in keys:
                if key != first and similarity(signatures[key], signatures[first]) >= THRESHOLD:
                    a, b = root(key), root(first)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
    return {key: root(key) for key in parent}
