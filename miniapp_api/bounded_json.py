"""Client JSON with explicit limits, so a hostile body is a cheap 400 and never a 500.

The stdlib parser recurses once per nesting level (RecursionError near 1,000) and Python refuses
to turn more than 4,300 digits into an int (ValueError): both escaped as 500s with a traceback.
Our bodies are a few levels deep and their numbers are ids, counts and coordinates.
"""

from __future__ import annotations

import json
import math
from typing import Any, NoReturn

from core.errors import InvalidInput

MAX_DEPTH = 64  # objects and arrays, the outermost being level 1
MAX_NUMBER_DIGITS = 100  # an integer's digits; a float's whole text, sign and exponent included
_INT_BOUND = 10**MAX_NUMBER_DIGITS
_TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels"
_TOO_LONG = f"a number longer than {MAX_NUMBER_DIGITS} digits"
_TOO_LARGE = "a number too large for a float"


def loads(raw: bytes) -> Any:
    try:
        # Integers keep the C fast path (a hook per number costs ~10x on number-heavy bodies);
        # floats are rare in our bodies, so their length is checked as they are read.
        data = json.loads(raw, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        _refuse(_TOO_DEEP)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        _refuse(str(error))
    except ValueError:  # int() past sys.get_int_max_str_digits()
        _refuse(_TOO_LONG)
    _check_tree(data)
    return data


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS:
        _refuse(_TOO_LONG)
    return float(text)


def _constant(text: str) -> NoReturn:
    _refuse(f"{text} is not a JSON number")


def _check_tree(data: Any) -> None:
    """Depth and number sizes, one level at a time: no recursion, each value visited once."""
    level = [data] if isinstance(data, dict | list) else []
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            _refuse(_TOO_DEEP)
        below: list[Any] = []
        for container in level:
            for child in container.values() if type(container) is dict else container:
                kind = type(child)
                if kind is dict or kind is list:
                    below.append(child)
                elif kind is int and not -_INT_BOUND < child < _INT_BOUND:
                    _refuse(_TOO_LONG)
                elif kind is float and not math.isfinite(child):  # 1e999 reads as infinity
                    _refuse(_TOO_LARGE)
        level = below


def _refuse(reason: str) -> NoReturn:
    raise InvalidInput(f"the body is not valid JSON: {reason}", code="malformed_json")
