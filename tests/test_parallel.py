"""The ordered, bounded process-pool map: same results as `map`, lazy, and safe to stop."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import time
from collections.abc import Generator, Iterator
from itertools import islice

import pytest

from pkclean.clean.layouts import registered
from pkclean.clean.ledger import _matchers
from pkclean.errors import WorkerCrashed
from pkclean.run.parallel import _Pool, available_cores, ordered_map, start_context


def test_available_cores_is_at_least_one() -> None:
    assert available_cores() >= 1


def test_workers_start_without_fork() -> None:
    assert start_context().get_start_method() in ("forkserver", "spawn")


def compiled_rule_sets(_: object) -> int:
    """How many combined rule patterns this process has compiled."""
    return _matchers.cache_info().currsize


def test_workers_start_with_every_layouts_rules_compiled() -> None:
    context = start_context()
    if context.get_start_method() != "forkserver":
        pytest.skip("only forked workers inherit the fork server's compiled patterns")
    with _Pool(context, 1, compiled_rule_sets) as pool:
        pool.submit([None])
        assert pool.next_result() == [len(registered()) + 1]  # and the generic layout's


def slow_here_abs(number: int) -> int:
    """`abs`, slow in the main process, so that the workers do most of the mapping."""
    if multiprocessing.parent_process() is None:
        time.sleep(0.02)
    return abs(number)


@pytest.mark.parametrize("jobs", [2, 3])
@pytest.mark.parametrize("chunk_size", [1, 4, 50])
def test_results_come_back_in_input_order(jobs: int, chunk_size: int) -> None:
    items = [(-1) ** n * n for n in range(300)]
    results = ordered_map(slow_here_abs, items, jobs=jobs, chunk_size=chunk_size)
    assert list(results) == list(map(abs, items))


def test_one_job_maps_in_this_process() -> None:
    assert list(ordered_map(lambda n: -n, range(50), jobs=1)) == list(range(0, -50, -1))


def test_empty_input_gives_nothing() -> None:
    assert list(ordered_map(abs, [], jobs=2)) == []


def test_input_is_read_lazily_with_bounded_work_in_flight() -> None:
    taken: list[int] = []

    def numbers() -> Iterator[int]:
        for number in itertools.count():
            taken.append(number)
            yield number

    results = ordered_map(abs, numbers(), jobs=2, chunk_size=5, chunks_per_worker=2)
    assert list(islice(results, 12)) == list(range(12))
    assert isinstance(results, Generator)
    results.close()  # must stop the workers and return, not drain an endless input
    # At most the chunks in flight (2 workers x 2 chunks of 5) beyond the 3 chunks consumed.
    assert len(taken) <= 5 * 3 + 2 * 2 * 5 + 1


def test_an_exception_in_a_worker_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="invalid literal"):
        list(ordered_map(int, ["1", "2", "three", "4"], jobs=2, chunk_size=1))


def die_in_a_worker(code: int) -> int:
    """Kill the worker process that runs it; in the main process (which maps the first items
    while the workers start), take a while, so that the workers get the rest."""
    if multiprocessing.parent_process() is not None:
        os._exit(code)
    time.sleep(0.05)
    return code


def test_a_worker_that_dies_is_reported_not_waited_for() -> None:
    with pytest.raises(WorkerCrashed, match=r"worker process .* died"):
        list(ordered_map(die_in_a_worker, [3] * 400, jobs=2, chunk_size=1))


def test_the_main_process_maps_while_the_workers_start() -> None:
    where = list(ordered_map(_in_worker, range(400), jobs=2, chunk_size=1))
    assert where[0] is False  # mapped here, while the fork server was starting
    assert where[-1] is True  # then in the workers


def _in_worker(item: int) -> bool:
    if multiprocessing.parent_process() is not None:
        return True
    time.sleep(0.05)  # slow in the main process, so that the workers get the rest
    return False


def test_a_single_chunk_is_mapped_in_this_process() -> None:
    seen: list[int] = []

    def record(item: int) -> int:  # not picklable: proves no worker was used
        seen.append(item)
        return item

    assert list(ordered_map(record, [1, 2, 3], jobs=4, chunk_size=16)) == [1, 2, 3]
    assert seen == [1, 2, 3]


def _uneven(item: int) -> int:
    """Some items take much longer than others, so that workers finish out of turn."""
    time.sleep(0.02 if item % 7 == 0 else 0.0)
    return item * 2


def test_results_keep_input_order_when_workers_finish_out_of_turn() -> None:
    items = list(range(300))
    assert list(ordered_map(_uneven, items, jobs=3, chunk_size=4)) == [n * 2 for n in items]


def _big(item: int) -> bytes:
    return bytes([item % 256]) * 300_000  # larger than a pipe's buffer


def test_results_larger_than_a_pipe_buffer_come_back_whole_and_in_order() -> None:
    results = list(ordered_map(_big, range(40), jobs=2, chunk_size=2))
    assert [len(r) for r in results] == [300_000] * 40
    assert [r[0] for r in results] == list(range(40))


def _slow_or_failing(item: int) -> int:
    if item < 0:
        raise ValueError("negative")
    time.sleep(0.3)
    return item


def test_a_failure_is_raised_in_its_turn_after_the_results_before_it() -> None:
    with _Pool(start_context(), 2, _slow_or_failing) as pool:
        pool.submit([1])  # to the first worker: slow
        pool.submit([-1])  # to the second: fails at once, so its reply arrives first
        assert pool.next_result() == [1]
        with pytest.raises(ValueError, match="negative"):
            pool.next_result()
