"""Derived facts: small arithmetic formulas over other facts, computed at build time.

A formula names facts by id, e.g. `mau_2020 / (1 + mau_growth_2020 / 100)` or
`add_months(plan_announced, plan_duration)`. Only arithmetic and the functions below are allowed.
A formula may also name a dated series, through `value_on(series, date)` and `day_before(series, date)`.
"""

from __future__ import annotations

import ast
import datetime as dt
import operator
from typing import Any, Callable

from dateutil.relativedelta import relativedelta
from simpleeval import (FeatureNotAvailable, FunctionNotDefined, InvalidExpression, NameNotDefined,
                        SimpleEval)


class FormulaProblem(Exception):
    """A formula that cannot be computed; the message says why, for an author."""


def _number(value: Any, role: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FormulaProblem(f"{role} must be a number, got {value!r}")
    return value


def _date(value: Any, role: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise FormulaProblem(f"{role} must be a date, got {value!r}")
    return value


def _whole(value: Any, role: str) -> int:
    number = _number(value, role)
    if number != int(number):
        raise FormulaProblem(f"{role} must be a whole number, got {value!r}")
    return int(number)


def pct_change(new: Any, old: Any) -> float:
    """Percentage change from old to new."""
    old = _number(old, "pct_change's second argument")
    if old == 0:
        raise FormulaProblem("pct_change divides by zero (the old value is 0); expected an old value other than 0")
    return (_number(new, "pct_change's first argument") / old - 1) * 100


def share(part: Any, whole: Any) -> float:
    """Part as a percentage of whole."""
    whole = _number(whole, "share's second argument")
    if whole == 0:
        raise FormulaProblem("share divides by zero (the whole is 0); expected a whole other than 0")
    return _number(part, "share's first argument") / whole * 100


def add_months(start: Any, months: Any) -> dt.date:
    return _date(start, "add_months's first argument") + relativedelta(months=_whole(months, "the months"))


def add_days(start: Any, days: Any) -> dt.date:
    return _date(start, "add_days's first argument") + dt.timedelta(days=_whole(days, "the days"))


def days_between(start: Any, end: Any) -> int:
    start, end = _date(start, "days_between's start"), _date(end, "days_between's end")
    if end < start:
        raise FormulaProblem(f"the end date {end.isoformat()} is before the start date {start.isoformat()}; "
                             "expected days_between(start, end) with the end on or after the start")
    return (end - start).days


def _series(value: Any, role: str) -> Any:
    if not hasattr(value, "value_on"):
        raise FormulaProblem(f"{role} must be the id of a series, got {value!r}")
    return value


def value_on(series: Any, day: Any) -> float:
    """The value of a series on a day it has (a trading day, for prices)."""
    series, day = _series(series, "value_on's first argument"), _date(day, "value_on's second argument")
    try:
        return series.value_on(day)
    except KeyError:
        raise FormulaProblem(f"the series '{series.id}' has no value on {day.isoformat()}; expected one of its "
                             f"days ({series.days[0].isoformat()} to {series.days[-1].isoformat()}, "
                             "the days it has rows for)") from None


def day_before(series: Any, day: Any) -> dt.date:
    """The last day of a series before a date: the previous trading day, for prices."""
    series, day = _series(series, "day_before's first argument"), _date(day, "day_before's second argument")
    try:
        return series.day_before(day)
    except KeyError:
        raise FormulaProblem(f"the series '{series.id}' has no day before {day.isoformat()}; expected a date "
                             f"after its first day, {series.days[0].isoformat()}") from None


def last_day(series: Any) -> dt.date:
    """The last day a series has a value for."""
    return _series(series, "last_day's argument").days[-1]


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "pct_change": pct_change, "share": share, "add_months": add_months, "add_days": add_days,
    "days_between": days_between, "value_on": value_on, "day_before": day_before, "last_day": last_day,
}


DIVISION_BY_ZERO = "division by zero; expected a divisor other than 0"


def _divide(left: Any, right: Any) -> float:
    if right == 0:
        raise FormulaProblem(DIVISION_BY_ZERO)
    return operator.truediv(left, right)


OPERATORS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: _divide,
    ast.USub: operator.neg, ast.UAdd: operator.pos,
}


ALLOWED_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Load, ast.Constant, ast.Call,
                 *OPERATORS)
OPERATOR_SYMBOLS = {ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//", ast.BitXor: "^", ast.BitAnd: "&",
                    ast.BitOr: "|", ast.LShift: "<<", ast.RShift: ">>", ast.MatMult: "@", ast.Invert: "~",
                    ast.Not: "not"}
ALLOWED_HELP = f"allowed: numbers, fact ids, + - * / ( ) and {', '.join(FUNCTIONS)}"


def names_in(formula: str) -> list[str]:
    """The fact ids a formula names, in order; raises FormulaProblem if it is not an allowed formula."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as error:
        raise FormulaProblem(f"cannot parse the formula ({error.msg}); {ALLOWED_HELP}") from None
    seen: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED_NODES):
            shown = ast.unparse(node) if isinstance(node, ast.expr) else OPERATOR_SYMBOLS.get(
                type(node), type(node).__name__)
            raise FormulaProblem(f"'{shown}' is not allowed in a formula; {ALLOWED_HELP}")
        if isinstance(node, ast.Constant) and (isinstance(node.value, bool)
                                               or not isinstance(node.value, (int, float))):
            raise FormulaProblem(f"{node.value!r} is not allowed in a formula; {ALLOWED_HELP}")
        if isinstance(node, ast.Call):
            if node.keywords:
                raise FormulaProblem(f"write the arguments of '{ast.unparse(node.func)}' without names")
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise FormulaProblem(f"'{ast.unparse(node.func)}' is not a formula function; {ALLOWED_HELP}")
        elif isinstance(node, ast.Name) and node.id not in seen and node.id not in FUNCTIONS:
            seen.append(node.id)
    return seen


def evaluate(formula: str, resolve: Callable[[str], Any]) -> Any:
    """Compute a formula; `resolve` gives the value of a fact id (raising KeyError if unknown)."""

    def lookup(node: ast.Name) -> Any:
        try:
            return resolve(node.id)
        except KeyError:
            raise FormulaProblem(f"the formula names '{node.id}', which is not a fact") from None

    names_in(formula)  # refuses anything but plain arithmetic before evaluating
    evaluator = SimpleEval(operators=OPERATORS, functions=FUNCTIONS, names=lookup)
    try:
        result = evaluator.eval(formula)
        if hasattr(result, "value_on"):
            raise FormulaProblem("the formula gives a whole series; expected a value, e.g. value_on(series, date)")
        return result
    except FormulaProblem:
        raise
    except (NameNotDefined, FunctionNotDefined) as error:
        raise FormulaProblem(f"unknown name in the formula: {error}") from None
    except (FeatureNotAvailable, InvalidExpression, SyntaxError) as error:
        raise FormulaProblem(f"the formula uses something not allowed ({error}); "
                             f"allowed: + - * / ( ) and {', '.join(FUNCTIONS)}") from None
    except ZeroDivisionError:
        raise FormulaProblem(DIVISION_BY_ZERO) from None
    except TypeError as error:
        raise FormulaProblem(f"the formula mixes values that do not go together ({error}); expected numbers, "
                             "or dates with add_days, add_months and days_between") from None
