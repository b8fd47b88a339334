"""Planner scenarios (issue 12): a named, saved run of the planner that can be reopened and compared.

A scenario holds what the official chose (the scope filters, PlanOptions, Constraints: every field, and
the priority rule of the "weight" objective), the store's data version it was computed on, and what came out (the planner's Result, the names of the
schools it chose, and what the two simple rules reached with the same money). It is kept as a JSON
record by loaders.scenario_files, beside the versioned store, so it outlives the imports that follow.

    current = scenario_of("Tính lại", filters, options, constraints, reader.version, needs, best,
                          largest, cheapest, priority=priority)   # this run, not saved
    save_scenario(store, named(current, "Phương án 50 tỷ"), overwrite=False)   # ScenarioExists: name taken
    saved, unreadable = saved_scenarios(store)         # newest first; unreadable: file names
    again = load_scenario(store, "phương án 50 tỷ")    # KeyError when there is none
    changed_parameters(again, current)                 # ["budget", "priority_communes", ...]: what differs

With a priority the scenario keeps the rule (Priority: the communes, the expiry day), not the weights it
gave each school: those follow from the rule and the data, and are worked out again when it is reopened,
as the needs are. The record is made field by field from the dataclasses' annotations, so a field added
to Constraints, PlanOptions or Priority is saved and read back without a change here (an old file lacking
it gets the default: a file saved before priorities were kept reopens with none).
"""
from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime
from functools import cache, partial

import numpy as np

from loaders.scenario_files import ScenarioExists, ScenarioFiles, clean_name  # noqa: F401 (raised by save_scenario)
from loaders.store import Store, now
from metrics.filters import Filters
from metrics.planner import Constraints, Result
from metrics.planner_model import Needs, PlanOptions
from metrics.planner_priority import Priority

RECORD_FORMAT = 1


@dataclass(frozen=True)
class RuleFigures:
    """What a simple rule reached with the scenario's money."""
    n_promoted: int
    money_used: int


@dataclass(frozen=True)
class Scenario:
    name: str
    saved_at: datetime
    saved_by: str | None  # None until sign-in exists
    filters: Filters
    options: PlanOptions
    constraints: Constraints
    data_version: str  # the store version file the results were computed on (StoreReader.version)
    result: Result
    school_names: dict[str, str]  # each chosen school's name, so a comparison names it after the data change
    largest_need_first: RuleFigures
    cheapest_item_first: RuleFigures
    priority: Priority | None = None  # the rule of the "weight" objective; None: none (or a file from before)


def scenario_of(name: str, filters: Filters, options: PlanOptions, constraints: Constraints, data_version: str,
                needs: Needs, result: Result, largest: Result, cheapest: Result,
                saved_by: str | None = None, priority: Priority | None = None) -> Scenario:
    """The planner's run as a scenario (not saved yet). The day of a standing view is written down:
    "today" would mean another day when the scenario is reopened. With a priority its weights are left
    out (the page's inputs hold the rule, not one weight per school)."""
    names = needs.schools.set_index("school_id")["name"]
    chosen = {str(school): str(names.get(school, "")) for school in sorted(result.selected)}
    if priority is not None:
        constraints = replace(constraints, weights=None)
    return Scenario(clean_name(name), now(), saved_by, replace(filters, as_of=filters.day) if filters.is_standing
                    else filters, options, constraints, data_version, result, chosen,
                    RuleFigures(largest.n_promoted, int(largest.money_used)),
                    RuleFigures(cheapest.n_promoted, int(cheapest.money_used)), priority)


def named(scenario: Scenario, name: str) -> Scenario:
    """The run under the name the official gives it, saved now (ValueError when the name is unusable)."""
    return replace(scenario, name=clean_name(name), saved_at=now())


def changed_parameters(saved: Scenario, current: Scenario) -> list[str]:
    """The fields (of Filters, PlanOptions, Constraints; of Priority as "priority_<field>") whose value
    differs between the two scenarios. No priority reads as Priority(): a change of objective is named as
    such, not twice."""
    pairs = ((saved.filters, current.filters), (saved.options, current.options),
             (saved.constraints, current.constraints))
    changed = [f.name for old, new in pairs for f in fields(old) if getattr(old, f.name) != getattr(new, f.name)]
    old, new = saved.priority or Priority(), current.priority or Priority()
    return changed + [f"priority_{f.name}" for f in fields(Priority) if getattr(old, f.name) != getattr(new, f.name)]


# ------------------------------------------------------------ the files
def save_scenario(store: Store, scenario: Scenario, overwrite: bool = False) -> bool:
    """True when a scenario of the same name was replaced; ScenarioExists when it was not allowed to be."""
    return ScenarioFiles(store).save(to_record(scenario), overwrite)


def load_scenario(store: Store, name: str) -> Scenario:
    return from_record(ScenarioFiles(store).load(name))


def delete_scenario(store: Store, name: str) -> bool:
    return ScenarioFiles(store).delete(name)


def saved_scenarios(store: Store) -> tuple[list[Scenario], list[str]]:
    """Every saved scenario, the newest first, and the files that do not hold one."""
    records, unreadable = ScenarioFiles(store).all()
    scenarios = []
    for record in records:
        try:
            scenarios.append(from_record(record))
        except ValueError:
            unreadable.append(record["name"])
    return sorted(scenarios, key=lambda s: (s.saved_at, s.name), reverse=True), unreadable


def saved_signature(store: Store) -> tuple:
    """Changes whenever a scenario is saved, replaced or deleted: the key of a cache of saved_scenarios."""
    return ScenarioFiles(store).signature()


# ------------------------------------------------------------ JSON records
def to_record(scenario: Scenario) -> dict:
    return {"format": RECORD_FORMAT, **_plain(scenario)}


def from_record(record: dict) -> Scenario:
    """The scenario of a record; ValueError when the record is not one (a hand-edited or foreign file)."""
    if not isinstance(record, dict) or record.get("format") != RECORD_FORMAT:
        raise ValueError("not a scenario record of this format")
    try:
        return _typed(Scenario, record)
    except (TypeError, KeyError, AttributeError) as problem:
        raise ValueError(f"not a scenario record: {problem}") from None


def _plain(value):
    """A dataclass as JSON values: dates as ISO text, sets as sorted lists, tuples as lists, dict keys as text."""
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple):  # as JSON will write it, so a record reads the same before and after
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):  # a count or an amount that came out of numpy or pandas
        return value.item()
    return value


def _typed(kind, value):
    """The value of a JSON record as the annotated type `kind` (the inverse of _plain)."""
    return _reader(kind)(value)


@cache
def _reader(kind) -> Callable:
    """The function that reads a JSON value as `kind`, made once per type: a national scenario holds
    thousands of school ids, and working the annotation out again for each took 100 ms per file."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):  # X | None
        inner = _reader(next(a for a in args if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        readers = {f.name: _reader(hints[f.name]) for f in fields(kind)}
        # a field this code does not know (a newer file) is left out; one it lacks gets its default
        return lambda value: kind(**{name: readers[name](v) for name, v in value.items() if name in readers})
    if origin in (set, frozenset):
        item = _reader(args[0])
        return lambda value: frozenset(map(item, _listed(value)))
    if origin is tuple:  # a fixed-length tuple, e.g. (province, commune)
        items = tuple(map(_reader, args))
        return lambda value: tuple(read(v) for read, v in zip(items, _listed(value, len(items)), strict=True))
    if origin is dict:
        key, item = (int if args[0] is int else _reader(args[0])), _reader(args[1])  # JSON keys are text
        return lambda value: {key(k): item(v) for k, v in value.items()}
    if kind in (datetime, date):
        return kind.fromisoformat
    if kind is float:
        return _number
    if kind in (int, str, bool):
        return partial(_exactly, kind)
    raise TypeError(f"no reader for {kind!r}")


def _listed(value, length: int | None = None) -> list:
    """A JSON array (of `length` items): a text is not a set of its letters."""
    if type(value) is not list or length is not None and len(value) != length:
        raise TypeError(f"{value!r} is not a list" + ("" if length is None else f" of {length}"))
    return value


def _exactly(kind: type, value):
    if type(value) is not kind:
        raise TypeError(f"{value!r} is not {kind.__name__}")
    return value


def _number(value) -> float:
    if type(value) not in (int, float):  # JSON writes 10.0 as 10
        raise TypeError(f"{value!r} is not a number")
    return float(value)
