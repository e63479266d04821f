"""What in a scanned log needs the administrator's attention, most serious first.

Read from the administrator's side: refusals of *their* server's own checks (postscreen, a
DNSBL, a recipient that does not exist) are the checks at work and need nothing; what
needs them is their own system failing, their outgoing mail refused because of their IP
or domain (blocklists, reputation, authentication), and a destination that keeps deferring
or bouncing their mail.
"""

from __future__ import annotations

from ..lang import Counted, mark, say

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .summary import Summary

#: Reasons of remote refusals that point at the sending server itself: its IP or domain.
SENDER_SIDE = {
    "blocked": say("your server's IP address or host name is refused (a blocklist, a missing"
                   " or wrong reverse DNS, a HELO name)"),
    "badreputation": say("your IP address or domain has a poor reputation at the receiver"),
    "authfailure": say("your mail fails SPF, DKIM or DMARC at the receiver"),
    "requireptr": say("your server's IP address has no matching reverse DNS (PTR) record"),
    "spamdetected": say("your mail is judged to be spam"),
    "ratelimited": say("you send faster than the receiver accepts"),
    "norelaying": say("a server refuses to relay your mail: a smarthost or route is wrong"),
    "securityerror": say("authentication or TLS with the next server fails"),
}
#: A destination needs attention when at least this many deliveries to it failed...
DOMAIN_MINIMUM = 5
#: ... and they are at least this share of its delivery attempts.
DOMAIN_SHARE = 0.2


class Attention:
    """One thing to look at: how serious ("critical", "high", "medium"), and what."""

    __slots__ = ("message", "severity")

    ORDER = (mark("critical"), mark("high"), mark("medium"))

    def __init__(self, severity: str, message: str) -> None:
        self.severity = severity
        self.message = message

    def as_dict(self) -> dict[str, str]:
        return {"severity": self.severity, "message": self.message}


def needs_attention(summary: Summary) -> list[Attention]:
    """The findings of a summary, most serious first."""
    found: list[Attention] = []
    severities = summary.by_severity
    if severities.get("panic") or severities.get("fatal"):
        found.append(Attention("critical", say(
            "Postfix reported {panics} and {fatals}: a daemon stopped; see the problems below",
            panics=Counted(severities.get("panic", 0), mark("{count} panic"),
                          mark("{count} panics")),
            fatals=Counted(severities.get("fatal", 0), mark("{count} fatal error"),
                          mark("{count} fatal errors")))))
    if severities.get("error"):
        found.append(Attention("high", say(
            "Postfix reported {errors} (a missing table, a refused file, a broken transport);"
            " see the problems below",
            errors=Counted(severities["error"], mark("{count} error"), mark("{count} errors")))))
    for name, stats in summary.failure_reasons.items():
        why = SENDER_SIDE.get(name)
        if why is None:
            continue
        domains = ", ".join(domain for domain, _ in stats.domains.top(3))
        providers = ", ".join(vendor for vendor, _ in stats.vendors.top(3))
        refused = Counted(stats.count, mark("{count} delivery"), mark("{count} deliveries"))
        if domains and providers:
            message = say("{refused} refused because {why} (at {domains}; providers:"
                          " {providers})", refused=refused, why=why, domains=domains,
                          providers=providers)
        elif domains:
            message = say("{refused} refused because {why} (at {domains})", refused=refused,
                          why=why, domains=domains)
        elif providers:
            message = say("{refused} refused because {why} (providers: {providers})",
                          refused=refused, why=why, providers=providers)
        else:
            message = say("{refused} refused because {why}", refused=refused, why=why)
        found.append(Attention("high", message))
    for domain, table in summary.traffic.delivery_domains.items():
        attempts = table.sent + table.defers
        if table.defers >= DOMAIN_MINIMUM and table.defers >= DOMAIN_SHARE * attempts:
            found.append(Attention("medium", say(
                "deliveries to {domain} were deferred {times} ({sent} delivered): look at the"
                " reasons of the deferrals below", domain=domain, sent=table.sent,
                times=Counted(table.defers, mark("{count} time"), mark("{count} times")))))
    delivered = summary.traffic.delivery_domains
    bounces = summary.traffic.bounces.count
    for domain, count in sorted(bounces.items(), key=lambda item: (-item[1], item[0])):
        sent = delivered[domain].sent if domain in delivered else 0
        if count >= DOMAIN_MINIMUM and count >= DOMAIN_SHARE * (count + sent):
            found.append(Attention("medium", say(
                "{messages} to {domain} bounced ({sent} delivered)", domain=domain, sent=sent,
                messages=Counted(count, mark("{count} message"), mark("{count} messages")))))
    return sorted(found, key=lambda item: Attention.ORDER.index(item.severity))


