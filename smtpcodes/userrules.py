"""A user's own rules file: the ``[[pattern]]`` format of data/README.md, read at run time.

Its rules are tried before the shipped ones. Every mistake is reported with the file, the
record and the field, never as a traceback.
"""

from __future__ import annotations

import os

from .errors import RuleError, quote
from .rules import Pattern, pattern_from_record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable


def read_rules_file(path: str | os.PathLike[str], reasons: Iterable[str]) -> list[Pattern]:
    """The rules of a TOML file; RuleError naming the file and the record on any mistake."""
    import tomllib

    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise RuleError(f"cannot read rules file {quote(name)}: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RuleError(f"rules file {quote(name)} is not valid TOML: {error}") from None
    unknown = set(data) - {"pattern"}
    if unknown:
        raise RuleError(f"rules file {quote(name)}: unexpected {sorted(unknown)}; expected "
                        "[[pattern]] records only")
    records = data.get("pattern", [])
    if not isinstance(records, list) or not records:
        raise RuleError(f"rules file {quote(name)} holds no [[pattern]] record")
    known = list(reasons)
    patterns = [
        pattern_from_record(record, f"{name}: pattern {index}", known, user=True)
        for index, record in enumerate(records, 1)
    ]
    seen: set[str] = set()
    for pattern in patterns:
        if pattern.id in seen:
            raise RuleError(f"rules file {quote(name)}: id {pattern.id!r} is used twice")
        seen.add(pattern.id)
    return patterns
