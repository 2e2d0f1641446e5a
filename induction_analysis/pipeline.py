"""The declared pipeline: each table a run makes is a :class:`Step` that names its inputs and the function that
makes it, and everything a run decides about order is derived from those declarations (in the spirit of Kedro's
nodes: plain Python, no framework).

The steps of the analyses are declared in ``metrics/analyses.py`` (``STEPS``); the run
(``induction_analysis/runner.py``) asks this module

- in which order to make them (:func:`order`: every step after its inputs, otherwise as declared);
- how to split them so that pages render early and a large district's tables made without the collaborative log
  are made in another process meanwhile (:func:`parts`);
- what a part is made from (:func:`sources`), which is what a rerun compares to keep the part's tables.

An input is the name of another step, or of a value the run gives (a canonical table, ``config``, ``year``, ...).
A step that is not a report table (``written=False``) is an intermediate: made when a table needs it, kept in
memory only. Two things are declared by hand beside the steps: which tables the pages rendered first read
(``report/reads.py``) and which canonical tables are the collaborative log (``analyses.LOG``). Nothing here
imports pandas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Step:
    name: str  # a report table (tables/<name>.csv) or, when not written, an intermediate
    inputs: tuple[str, ...]  # other steps, or values the run gives; passed to ``make`` in this order
    make: Callable[..., Any]
    written: bool = True  # a report table: written to tables/ and documented in the data dictionary


class PipelineError(ValueError):
    """A declaration that cannot run: an input nothing gives, a step declared twice, a cycle."""


def by_name(steps: Iterable[Step]) -> dict[str, Step]:
    out: dict[str, Step] = {}
    for step in steps:
        if step.name in out:
            raise PipelineError(f"step '{step.name}' is declared twice")
        out[step.name] = step
    return out


def upstream(steps: Iterable[Step], names: Iterable[str]) -> set[str]:
    """Every step and given value that ``names`` are made from, ``names`` included."""
    declared, seen, todo = by_name(steps), set(), list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in declared:
            todo.extend(declared[name].inputs)
    return seen


def order(steps: Iterable[Step], given: Iterable[str] = ()) -> list[Step]:
    """The steps, each after the steps it reads, otherwise in the order declared. With ``given``, an input that is
    neither a step nor given is an error; a cycle always is."""
    steps = list(steps)
    declared, given = by_name(steps), set(given)
    out: list[Step] = []
    state: dict[str, str] = {}  # "visiting" or "done"

    def visit(step: Step, path: tuple[str, ...]) -> None:
        if state.get(step.name) == "done":
            return
        if state.get(step.name) == "visiting":
            cycle = path[path.index(step.name) :] + (step.name,)
            raise PipelineError(f"the steps read each other in a cycle: {' -> '.join(cycle)}")
        state[step.name] = "visiting"
        for name in step.inputs:
            if name in declared:
                visit(declared[name], (*path, step.name))
            elif given and name not in given:
                raise PipelineError(f"step '{step.name}' reads '{name}', which no step makes and the run does not give")
        state[step.name] = "done"
        out.append(step)

    for step in steps:
        visit(step, ())
    return out


@dataclass(frozen=True)
class Parts:
    """The report tables of a run in four parts, made in this order (see :func:`parts`)."""

    first: tuple[str, ...]  # read by the pages rendered first
    apart: tuple[str, ...]  # made without the tables named ``apart_from``: another process may make them
    rest: tuple[str, ...]
    late: tuple[str, ...]  # read tables of ``apart`` and tables made from ``apart_from``: made last

    def __iter__(self):
        return iter((self.first, self.apart, self.rest, self.late))


def parts(steps: Iterable[Step], first: Iterable[str], apart_from: Iterable[str]) -> Parts:
    """Split the written steps: ``first``, the report tables the earliest pages read (as declared by them); ``apart``,
    the others not made from any of ``apart_from`` (the collaborative log); ``late``, those made from a table of
    ``apart`` and from ``apart_from``; ``rest``, the others. Each part in the declared order."""
    steps = list(steps)
    written = [s.name for s in steps if s.written]
    first = tuple(n for n in written if n in set(first))
    apart_from = set(apart_from)
    apart = tuple(n for n in written if n not in first and not upstream(steps, [n]) & apart_from)
    late = tuple(n for n in written if n not in first and n not in apart and upstream(steps, [n]) & set(apart))
    rest = tuple(n for n in written if n not in first and n not in apart and n not in late)
    for name in first:  # the first pages render before anything else is made: their tables read only each other
        other = (upstream(steps, [name]) & set(written)) - set(first)
        if other:
            raise PipelineError(f"'{name}' is read by the first pages but made from {', '.join(sorted(other))}")
    return Parts(first, apart, rest, late)


def reads(steps: Iterable[Step], names: Iterable[str]) -> set[str]:
    """The written tables and given values ``names`` read, through intermediates (a written table's own inputs
    are not followed): what must be at hand to make ``names`` without making anything else written."""
    declared, names = by_name(steps), set(names)
    seen, todo = set(), [i for n in names for i in declared[n].inputs]
    while todo:
        name = todo.pop()
        if name in seen or name in names:
            continue
        seen.add(name)
        if name in declared and not declared[name].written:
            todo.extend(declared[name].inputs)
    return {n for n in seen if n not in declared or declared[n].written}


def sources(steps: Iterable[Step], names: Iterable[str]) -> list[str]:
    """The given values (not steps) that ``names`` are made from, sorted: what a rerun compares to keep them."""
    steps = list(steps)
    declared = by_name(steps)
    return sorted(upstream(steps, names) - set(declared))


def run(
    steps: Iterable[Step], names: Iterable[str], values: dict[str, Any], given: Mapping[str, Callable[[], Any]] = {}
) -> dict[str, Any]:
    """Make the report tables ``names`` (in the order declared) and what they need, from ``values`` (steps already
    made and the values the run gives; extended in place with every step made). ``given``: values made only when
    a step reads them (an empty table for a kind the district does not collect, say)."""
    steps = list(steps)
    declared, need, todo = by_name(steps), set(), list(names)
    while todo:  # what ``names`` are made from, down to what is already made or given
        name = todo.pop()
        if name not in need:
            need.add(name)
            if name in declared and name not in values:
                todo.extend(declared[name].inputs)
    for step in order(s for s in steps if s.name in need):
        if step.name in values:
            continue
        args = []
        for name in step.inputs:
            if name not in values:
                if name not in given:
                    raise PipelineError(f"step '{step.name}' reads '{name}', which was not given")
                values[name] = given[name]()
            args.append(values[name])
        values[step.name] = step.make(*args)
    return {name: values[name] for name in names}
