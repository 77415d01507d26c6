"""pkclean's MinHash fingerprints against datasketch's MinHash: accuracy and time.

Both fingerprint the same shingles (5 words, lower-cased, split on white space) of the seeds'
and fixtures' texts, with 128 slots (datasketch: 128 permutations). Each text is paired with
cut and edited copies of itself; the estimated similarity of each pair is compared with the
exact Jaccard index of the two shingle sets. Times are per text, best of `--repeat`.

    python bench/fingerprints.py
    pip install datasketch   # to compare (it is not a dependency of pkclean)
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from corpus import source_files

from pkclean.run.fingerprints import SHINGLE, fingerprint, similarity


def shingles(text: str) -> set[str]:
    words = text.lower().split()
    size = min(SHINGLE, len(words))
    return {" ".join(words[n : n + size]) for n in range(len(words) - size + 1)}


def variants(text: str) -> list[str]:
    """Copies of a text that share more or less of it: cut, with a lead-in, edited."""
    words = text.split()
    half = len(words) // 2
    return [
        " ".join(words[: int(len(words) * 0.9)]),
        " ".join(words[: int(len(words) * 0.7)]),
        " ".join(words[:half]),
        "Reposted from another site, with thanks to the authors. " + text,
        " ".join(word.upper() if n % 40 == 0 else word for n, word in enumerate(words)),
    ]


def jaccard(first: set[str], second: set[str]) -> float:
    return len(first & second) / len(first | second) if first | second else 1.0


def timed(function: Callable[[str], object], texts: list[str], repeat: int) -> float:
    """Microseconds per text, best of `repeat` passes."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            function(text)
        runs.append(time.perf_counter() - started)
    return min(runs) / len(texts) * 1e6


def datasketch_similarity() -> tuple[Callable[[str], object], Callable[[object, object], float]]:
    from datasketch import MinHash

    def make(text: str) -> object:
        minhash = MinHash(num_perm=128, seed=1)
        minhash.update_batch([shingle.encode("utf-8") for shingle in shingles(text)])
        return minhash

    return make, lambda a, b: float(a.jaccard(b))  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = [path.read_bytes().decode("utf-8", "replace") for path in source_files()]
    texts = [text for text in texts if len(text.split()) >= 50]
    pairs = [(text, variant) for text in texts for variant in variants(text)]
    exact = [jaccard(shingles(a), shingles(b)) for a, b in pairs]
    words = statistics.mean(len(text.split()) for text in texts)
    print(f"{len(texts)} texts ({words:.0f} words on average), {len(pairs)} pairs")

    systems: dict[str, tuple[Callable[[str], object], Callable[[object, object], float]]] = {
        "pkclean (one permutation, numpy)": (fingerprint, similarity),  # type: ignore[dict-item]
    }
    try:
        systems["datasketch MinHash(num_perm=128)"] = datasketch_similarity()
    except ImportError:
        print("datasketch is not installed: pip install datasketch to compare")
    print("\n| fingerprint | µs per text | mean abs. error | largest error |")
    print("|---|---:|---:|---:|")
    for name, (make, compare) in systems.items():
        micro = timed(make, texts, args.repeat)
        errors = [
            abs(compare(make(a), make(b)) - j) for (a, b), j in zip(pairs, exact, strict=True)
        ]
        print(f"| {name} | {micro:,.0f} | {statistics.mean(errors):.3f} | {max(errors):.3f} |")


if __name__ == "__main__":
    main()
