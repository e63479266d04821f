"""Regular expressions compiled when first used, so that reading a bare code never imports re.

``compiled(SOURCE)`` gives the compiled pattern of a source string (its flags written inline:
``(?m)``, ``(?i)``). The first call for a source imports ``re`` and compiles it; later calls
find it in a table.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

_compiled: dict[str, re.Pattern[str]] = {}


def compiled(source: str) -> re.Pattern[str]:
    """The pattern of ``source``, compiled once."""
    found = _compiled.get(source)
    if found is None:
        import re

        found = _compiled[source] = re.compile(source)
    return found
