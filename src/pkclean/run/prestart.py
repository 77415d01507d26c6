"""An export's workers started before its arguments are parsed, while the pipeline loads.

The command line calls `prestart(argv)` first thing: it reads the options that say where the
batch runs (`--executor`, `--jobs`, `--address`, `--ray-tmp`) as the export parser will, and
has that executor begin in the background (the local pool's fork server, or a Ray instance on
this machine). Arguments it cannot read give the default, the local pool; the export parser
judges them all later, and a start it does not take up is undone by the callable returned.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from . import executors
from .parallel import available_cores
from .placement import Placement


def prestart(argv: Sequence[str]) -> Callable[[], None]:
    """Begin starting the workers `argv` (an export's arguments) asks for; returns what
    undoes the start if the export does not take it up."""
    name, placement = where(argv)
    executor = executors.get(name)
    executor.prestart(placement)
    return executor.release


def where(argv: Sequence[str]) -> tuple[str, Placement]:
    """The executor and placement an export's arguments name (the default if unclear).

    >>> where(["export", "in/", "--executor", "ray", "-j2", "--ray-tmp", "/tmp/r"])
    ('ray', Placement(jobs=2, address=None, temp='/tmp/r'))
    >>> where(["export", "in/", "--executor", "dask", "--jobs", "many"])[0]
    'local'
    """
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    parser.add_argument("--executor", default="local")
    parser.add_argument("--jobs", "-j", default="0")
    parser.add_argument("--address")
    parser.add_argument("--ray-tmp")
    default = ("local", Placement(jobs=available_cores()))
    try:
        args, _ = parser.parse_known_args(argv[1:])
        jobs = int(args.jobs) or available_cores()
    except (argparse.ArgumentError, ValueError):
        return default
    if args.executor not in executors.names() or jobs < 1:
        return default
    return args.executor, Placement(jobs=jobs, address=args.address, temp=args.ray_tmp)
