"""The TEI and split writers' counter of repeated article ids."""

from __future__ import annotations

import random

import pytest

from pkclean.formats.exporters.repeats import SeenCounter


@pytest.mark.parametrize("in_memory", [1, 2, 7, 1000])
def test_counts_are_exact_across_the_move_to_disk(in_memory: int) -> None:
    keys = [f"pk-{random.Random(n).getrandbits(40):010x}" for n in range(300)]
    stream = [random.Random(n).choice(keys) for n in range(3000)]
    seen = SeenCounter(in_memory=in_memory)
    expected: dict[str, int] = {}
    for key in stream:
        expected[key] = expected.get(key, 0) + 1
        assert seen.add(key) == expected[key]
    seen.close()


def test_a_closed_counter_starts_again() -> None:
    seen = SeenCounter(in_memory=1)
    assert [seen.add("a"), seen.add("a")] == [1, 2]
    seen.close()
    assert seen.add("a") == 1
