"""Executors: what runs a batch's per-unit function, and where (`--executor`).

Every executor maps the same pure function over the same units and gives the results back
in input order, so the output is the same bytes whichever runs it. `local` is the pool of
worker processes on this machine (`pkclean.run.parallel`); `ray` runs tasks on a Ray
instance, started here or already running on a cluster (`pkclean.run.ray_executor`, with the
`pkclean[ray]` extra).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, TypeVar

from ..errors import UsageError
from ..registry import Registry
from .parallel import ordered_map, prestart_workers
from .placement import Placement

__all__ = ["Executor", "MapFunction", "Placement", "check", "get", "names", "register"]

T = TypeVar("T")
R = TypeVar("R")


class MapFunction(Protocol):
    """An executor's map: `func` over `items`, results in input order.

    `seconds` is the time limit of one document (0: none) and `lost(item, code, message)`
    the result of an item whose worker was stopped (`timeout`) or died (`worker_lost`).
    """

    def __call__(
        self,
        func: Callable[[T], R],
        items: Iterable[T],
        *,
        placement: Placement,
        seconds: float,
        lost: Callable[[T, str, str], R],
    ) -> Iterator[R]: ...


def _nothing(*args: object) -> None:
    """No preparation, or nothing to undo."""


@dataclass(frozen=True, slots=True)
class Executor:
    """One way of running a batch: its map, the module it needs, and how to get that."""

    name: str
    map: MapFunction
    #: A module that must be importable (None: nothing beyond pkclean's own dependencies).
    needs: str | None = None
    install: str = ""
    #: Begins, in the background, what `map` will need for a placement: called by the
    #: command line before it loads the pipeline, so that both happen at once.
    prestart: Callable[[Placement], None] = _nothing
    #: Undoes what `prestart` began if no `map` took it up (an error before the batch).
    release: Callable[[], None] = _nothing


_EXECUTORS: Registry[Executor] = Registry("executor")


def register(executor: Executor) -> Executor:
    return _EXECUTORS.register(executor.name, executor)


def get(name: str) -> Executor:
    """The executor called `name`."""
    return _EXECUTORS.get(name)


def names() -> tuple[str, ...]:
    """The names of the executors, sorted."""
    return _EXECUTORS.names()


def check(name: str, placement: Placement) -> None:
    """Raise a `UsageError` if the executor `name` cannot run here, or is given options
    that are not its own."""
    executor = get(name)
    if executor.needs is not None and importlib.util.find_spec(executor.needs) is None:
        raise UsageError(f"--executor {name} needs {executor.needs}: {executor.install}")
    for option, given, owner in _OWN_OPTIONS:
        if given(placement) and name != owner:
            raise UsageError(f"{option} goes with --executor {owner}")
    if placement.temp is not None and placement.address is not None:
        raise UsageError(
            "--ray-tmp is for a Ray instance pkclean starts; a cluster named by --address "
            "keeps its own (ray start --temp-dir)"
        )


#: Options that only one executor takes: (option, whether given, the executor).
_OWN_OPTIONS: tuple[tuple[str, Callable[[Placement], bool], str], ...] = (
    ("--address", lambda placement: placement.address is not None, "ray"),
    ("--ray-tmp", lambda placement: placement.temp is not None, "ray"),
)


def _local(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    placement: Placement,
    seconds: float,
    lost: Callable[[T, str, str], R],
) -> Iterator[R]:
    return ordered_map(func, items, jobs=placement.jobs, isolated=True, seconds=seconds, lost=lost)


def _ray(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    placement: Placement,
    seconds: float,
    lost: Callable[[T, str, str], R],
) -> Iterator[R]:
    from .ray_executor import ray_map  # imports Ray only when it is asked for

    return ray_map(func, items, placement=placement, seconds=seconds, lost=lost)


def _prestart_pool(placement: Placement) -> None:
    prestart_workers()


def _prestart_ray(placement: Placement) -> None:
    from .ray_executor import prestart

    prestart(placement)


def _release_ray() -> None:
    from .ray_executor import release

    release()


register(Executor("local", _local, prestart=_prestart_pool))
register(
    Executor(
        "ray",
        _ray,
        needs="ray",
        install="install it with pip install 'pkclean[ray]'",
        prestart=_prestart_ray,
        release=_release_ray,
    )
)
