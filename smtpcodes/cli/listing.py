"""``smtpcode list``: the entries of the data, filtered, or one in full."""

from __future__ import annotations

import sys

from ..lang import get_language, localized, word
from .common import EXIT_OK, print_json

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from ..entries import Entry
    from ..records import ReasonEntry, VendorEntry

SUBJECT_NAMES = (
    "other", "addressing", "mailbox", "mail_system", "network", "protocol", "content", "security",
)


def _matches(entry: Entry, args: argparse.Namespace) -> bool:
    from ..entries import BasicEntry, DetailEntry

    if args.kind and entry.kind != args.kind:
        return False
    if args.status_class is not None:
        digit = int(args.status_class)
        if isinstance(entry, BasicEntry):
            return int(entry.code[0]) == digit
        if isinstance(entry, DetailEntry):
            return digit in entry.valid_classes or digit in entry.seen_classes
        return entry.code.startswith(f"{digit}.")
    if args.subject is not None:
        subject = args.subject
        number = SUBJECT_NAMES.index(subject) if subject in SUBJECT_NAMES else int(subject)
        return entry.kind in ("subject", "detail") and entry.code.split(".")[1] == str(number)
    return True


def entry_dict(entry: Entry, lang: str) -> dict[str, object]:
    """A code entry as ``list --json`` gives it, its prose in ``lang``."""
    return {**localized(f"{entry.kind}/{entry.code}", entry.as_dict(), lang), "lang": lang}


def reason_dict(reason: ReasonEntry, lang: str) -> dict[str, object]:
    return {**localized(f"reason/{reason.name}", reason.as_dict(), lang), "lang": lang}


def vendor_dict(vendor: VendorEntry, lang: str) -> dict[str, object]:
    found = localized(f"vendor/{vendor.id}", vendor.as_dict(), lang)
    codes = found.get("codes")
    if isinstance(codes, list):
        found["codes"] = [localized(code.place, shown, lang) if isinstance(shown, dict) else shown
                          for code, shown in zip(vendor.codes, codes, strict=False)]
    return {**found, "lang": lang}


def _knowledge(args: argparse.Namespace, lang: str) -> int | None:
    """``--kind reason``, ``--kind vendor``, or ``--code`` naming a reason or a vendor."""
    from ..reasons import reason_entries, reason_entry, vendor_entries
    from ..records import ReasonEntry
    from .render import reason_text, vendor_text

    if args.code:
        shown: ReasonEntry | VendorEntry | None = reason_entry(args.code) or next(
            (vendor for vendor in vendor_entries() if vendor.id == args.code), None)
        if shown is None:
            return None
        if args.json:
            print_json([reason_dict(shown, lang) if isinstance(shown, ReasonEntry)
                        else vendor_dict(shown, lang)])
        else:
            sys.stdout.write(reason_text(shown, lang=lang) if isinstance(shown, ReasonEntry)
                             else vendor_text(shown, lang=lang))
        return EXIT_OK
    if args.kind == "reason":
        reasons = reason_entries()
        if args.json:
            print_json([reason_dict(reason, lang) for reason in reasons])
        else:
            sys.stdout.write("".join(
                f"{reason.name:<16} reason   {reason.in_language('title', lang)}\n"
                for reason in reasons))
        return EXIT_OK
    if args.kind == "vendor":
        vendors = vendor_entries()
        if args.json:
            print_json([vendor_dict(vendor, lang) for vendor in vendors])
        else:
            sys.stdout.write("".join(
                f"{vendor.id:<16} vendor   {vendor.name}"
                f" ({word('{count} codes', lang, count=len(vendor.codes))})\n"
                for vendor in vendors))
        return EXIT_OK
    return None


def run(args: argparse.Namespace) -> int:
    from ..registry import all_entries, lookup
    from .render import entry_line, entry_text

    lang = get_language()
    if args.kind in ("reason", "vendor") or (args.code and not args.code[0].isdigit()
                                             and not args.code.upper().startswith("X.")):
        done = _knowledge(args, lang)
        if done is not None:
            return done
        if args.code:
            from ..errors import UnknownCodeError

            raise UnknownCodeError(
                f"{args.code!r} is neither a code (550, 5.2.2, X.2.2) nor a reason or provider"
                " name: see smtpcode list --kind reason and smtpcode list --kind vendor")
    if args.code:
        entry = lookup(args.code)
        if args.json:
            print_json([entry_dict(entry, lang)])
        else:
            sys.stdout.write(entry_text(entry, lang=lang))
        return EXIT_OK
    entries = [entry for entry in all_entries() if _matches(entry, args)]
    if args.json:
        print_json([entry_dict(entry, lang) for entry in entries])
    else:
        sys.stdout.write("".join(entry_line(entry, lang) + "\n" for entry in entries))
    return EXIT_OK


def _subject(text: str) -> str:
    """A subject as people write it: 2, mailbox, Mailbox, "mail system", mail-system."""
    import argparse

    name = "_".join(text.strip().lower().replace("-", " ").split())
    if name in SUBJECT_NAMES or (name.isdigit() and len(name) == 1 and int(name) <= 7):
        return name
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a subject: expected 0-7 or one of"
        f" {', '.join(name.replace('_', ' ') for name in SUBJECT_NAMES)}"
    )


def _code(text: str) -> str:
    import argparse

    if not text.strip():
        raise argparse.ArgumentTypeError(
            "an empty code: expected a code (550, 5.2.2, X.2.2), a reason (userunknown) or a"
            " vendor (google)")
    return text.strip()


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lang = get_language()
    listing = commands.add_parser(
        "list", help=word("list the codes in the data", lang),
        description=word("List every basic reply code and every entry of the IANA enhanced status"
        " code registry (or the reasons, or the vendors, with --kind), or show one entry in"
        " full with --code.", lang),
    )
    listing.add_argument("--json", action="store_true", help=word("print JSON only", lang))
    listing.add_argument("--kind", choices=("basic", "class", "subject", "detail", "reason",
                                            "vendor"),
                         help=word("codes of one kind, or the reasons, or the vendors", lang))
    listing.add_argument("--class", dest="status_class", choices=("2", "3", "4", "5"),
                         help=word("entries that apply to this class", lang))
    listing.add_argument("--subject", type=_subject, help=word("subject number 0-7 or name", lang))
    listing.add_argument("--code", type=_code,
                         help=word("show one entry in full: 550, X.2.2, 5.2.2, X.7.YYY, a reason"
                         " (userunknown) or a vendor (google)", lang))
    listing.set_defaults(run=run)
