"""Which host receives a domain's mail: its MX hosts, by preference, when DNS can be asked.

The standard library cannot ask for MX records; with the ``dns`` extra (dnspython) a domain
given to ``smtpcode probe`` is probed at its first MX host. Without it, the name is probed as
a host, and the caller says so.
"""

from __future__ import annotations

from ..lang import say


def mx_hosts(domain: str) -> list[str] | None:
    """The MX hosts of a domain, most preferred first; [] when it has none; None when
    dnspython is not installed."""
    import importlib
    from typing import Any

    try:
        resolver: Any = importlib.import_module("dns.resolver")
    except ImportError:
        return None
    try:
        answers = resolver.resolve(domain, "MX", lifetime=10)
    except Exception:  # dnspython's NXDOMAIN, NoAnswer, timeouts: probe the name itself
        return []
    ranked = sorted(answers, key=lambda record: record.preference)
    return [str(record.exchange).rstrip(".") for record in ranked if str(record.exchange) != "."]


def mail_host(name: str, port: int) -> tuple[str, str | None, str | None]:
    """The host to probe for a name: (host, how it was found, a note for the user)."""
    if port != 25 or name.replace(".", "").isdigit() or ":" in name or "." not in name:
        return name, None, None
    hosts = mx_hosts(name)
    if hosts is None:
        return name, None, say("looking up MX hosts needs pip install 'smtpcodes[dns]';"
                               " probing {name} itself", name=name)
    if not hosts:
        return name, None, None
    return hosts[0], say("the first MX host of {name}", name=name), None
