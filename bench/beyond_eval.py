"""Reasons read from real replies gathered beyond ../shared, beside Sisimai.

    python bench/beyond_eval.py [--misses N] [--set NAME]

``bench/replies_beyond.jsonl`` holds 988 real texts, each with where it was seen (a server's
source file, a vendor's page, an issue quoting a bounce or a log) and a reason label given by
whoever gathered it, in Sisimai's vocabulary, with a few words of why. Eight sets:

- ``providers``: replies of mail providers (Gmail, Microsoft, Yahoo, Apple, QQ, Orange ...)
  found in places this project's data did not cite;
- ``software``: replies written in mail servers' and filters' sources (Postfix, Exim,
  Sendmail, qmail, Haraka, hMailServer, Stalwart, maddy, amavis, rspamd ...);
- ``languages``: texts in other languages than English (French, German, Spanish, Polish,
  Chinese ...), replies and the notices filters send to senders;
- ``providers-cited``: provider replies from places the data already cites;
- ``providers-2``: replies of providers less documented in English (Aliyun, NetEase, Naver,
  Yandex, Strato, Aruba ...) and of filtering gateways, some from the providers' help pages
  with their placeholders;
- ``services``: replies as sending services and mail libraries report them (SES, SendGrid,
  Brevo webhooks; smtplib, nodemailer, PHPMailer errors), pasted into issues;
- ``logs``: Postfix, Exim, OpenSMTPD, Haraka and other log lines that record a failed or
  deferred delivery, pasted into issues;
- ``bounces``: the explanation a bounce message gives (Postfix, Exim, qmail, Gmail, Exchange,
  Yahoo, Domino ...), as users pasted them or bounce parsers keep them as fixtures.

No reason read counts as Sisimai's ``undefined``. The labels are one reader's judgement
from the text alone and are counted as they are; greylisting replies, for one, are
labelled ``policyviolation``, while ``reason()`` deliberately gives no reason for them
(the reply asks for nothing but a later retry).
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from reasons_eval import canonical, load, sisimai  # noqa: E402

from smtpcodes import reason  # noqa: E402

REPLIES = HERE / "replies_beyond.jsonl"


def _same(found: object, label: object) -> bool:
    """A reading agrees with a label; no reason read is Sisimai's "undefined"."""
    return canonical(found or "undefined") == canonical(label)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", type=int, default=0, help="list up to N misses")
    parser.add_argument("--set", help="only the records of this set")
    options = parser.parse_args()

    records = [record for record in load(REPLIES)
               if options.set is None or record["set"] == options.set]
    theirs = sisimai(REPLIES)
    ours: dict[str, str | None] = {}
    for record in records:
        read = reason(str(record["text"]))
        ours[str(record["id"])] = read.name if read is not None else None

    def score(found: dict[str, str | None], key: str) -> collections.Counter[str]:
        hits: collections.Counter[str] = collections.Counter()
        for record in records:
            if _same(found.get(str(record["id"])), record["reason"]):
                hits[str(record[key])] += 1
        return hits

    for key in ("set", "lang"):
        totals = collections.Counter(str(record[key]) for record in records)
        mine = score(ours, key)
        peer = score(theirs, key) if theirs is not None else None
        print(f"agreement with the labels, by {key}:")
        for name, total in totals.most_common():
            line = f"  {name:16} {mine[name]:4}/{total:<4} ({mine[name] / total:6.1%})"
            if peer is not None:
                line += f"   Sisimai {peer[name]:4}/{total:<4} ({peer[name] / total:6.1%})"
            print(line)
    total = len(records)
    mine_all = score(ours, "set").total()
    line = f"all: smtpcodes {mine_all}/{total} ({mine_all / total:.1%})"
    if theirs is not None:
        peer_all = score(theirs, "set").total()
        line += f", Sisimai Reason->match {peer_all}/{total} ({peer_all / total:.1%})"
    print(line)
    unread = sum(1 for record in records if ours[str(record["id"])] is None)
    greylisting = sum(1 for record in records if "greylist" in str(record["why"]).lower())
    print(f"no reason read: {unread} texts ({greylisting} of all the texts are greylisting)")

    confusions = collections.Counter(
        (canonical(record["reason"]), ours[str(record["id"])]) for record in records
        if not _same(ours[str(record["id"])], record["reason"]))
    print("largest confusions (label -> ours):")
    for (label, found), count in confusions.most_common(12):
        print(f"  {count:3}  {label} -> {found}")
    if options.misses:
        print("misses:")
        shown = 0
        for record in records:
            found = ours[str(record["id"])]
            if _same(found, record["reason"]):
                continue
            print(f"  {record['id']}: labelled {record['reason']}, reads as"
                  f" {found}: {str(record['text'])[:160]!r}")
            shown += 1
            if shown >= options.misses:
                break
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BrokenPipeError:  # the reader stopped early (| head): nothing more to say
        from smtpcodes.cli.common import quiet_stdout

        quiet_stdout()
        raise SystemExit(0) from None
