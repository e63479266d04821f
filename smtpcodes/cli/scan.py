"""``smtpcode scan``: the command line of the log scanner (loaded only for this command).

Exit status: 0 when every input was read; 1 when an input could not be read (the others are
still read and summed up); 2 for a usage error.
"""

from __future__ import annotations

import sys

from ..lang import get_language, word

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from ..logs.filters import Filters
    from ..logs.formats import LogLine
    from ..logs.progress import Progress
    from ..logs.summary import Example, Summary

EXIT_OK = 0
EXIT_UNREADABLE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _code(text: str) -> str:
    import argparse

    from ..errors import SMTPCodeError
    from ..parse import parse_code

    try:
        return str(parse_code(text))
    except SMTPCodeError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _bound(end: bool) -> Callable[[str], str]:
    def convert(text: str) -> str:
        import argparse

        from ..logs.filters import time_bound

        try:
            return time_bound(text, end=end)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return convert


def _positive(text: str) -> int:
    import argparse

    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


#: What --status takes: delivery statuses (Postfix's, Exim's "suppressed", Sendmail's
#: "queued", address verification's), "rejected", and the severities of problems.
STATUSES = ("sent", "deferred", "bounced", "expired", "suppressed", "queued", "deliverable",
            "undeliverable", "rejected", "panic", "fatal", "error", "warning")


def _status(text: str) -> str:
    import argparse

    status = text.strip().lower()
    if status not in STATUSES:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a status: expected one of {', '.join(STATUSES)}")
    return status


def _year(text: str) -> int:
    import argparse

    if not (text.isascii() and text.isdigit() and len(text) == 4 and int(text) >= 1970):
        raise argparse.ArgumentTypeError(f"{text!r} is not a year: expected YYYY, like 2026")
    return int(text)


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``scan`` to the subcommands of ``smtpcode``."""
    lang = get_language()
    scan = commands.add_parser(
        "scan", help=word("read whole mail logs and say what went wrong, by code", lang),
        description=word("Read Postfix, Exim or Sendmail logs (plain, gzip, bzip2 or xz; the format"
        " and the compression are detected) and summarize them, most serious first: problems"
        " by severity, deliveries by status, failures and rejections by code with what each"
        " code means and what to do. With --code, --status, --since or --until, print the"
        " matching lines with their explanation, then the summary of those lines.", lang),
    )
    scan.add_argument("files", nargs="*", metavar="FILE",
                      help=word("log files; - or none: standard input. Rotated sets (mail.log.2.gz"
                      " mail.log.1 mail.log) are read oldest first", lang))
    output = scan.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=word("print JSON only", lang))
    output.add_argument("--jsonl", action="store_true",
                        help=word("print one JSON object per event (delivery, rejection, problem)"
                        " instead of the summary, for log pipelines; see the CLI reference"
                        " for its keys", lang))
    scan.add_argument("--code", action="append", type=_code, default=[], metavar="CODE",
                      help=word("lines with this reply code or enhanced status code (550, 5.1.1);"
                      " may be repeated", lang))
    scan.add_argument("--status", action="append", default=[], metavar="STATUS",
                      type=_status,
                      help=word("lines with this delivery status (sent, deferred, bounced,"
                      " expired), rejected for rejections at SMTP time, or a severity (panic,"
                      " fatal, error, warning); may be repeated", lang))
    scan.add_argument("--since", type=_bound(False), metavar="TIME",
                      help=word("lines from this time on: YYYY-MM-DD[ HH:MM[:SS]]; a log without"
                      " years (classic syslog) is compared on month, day and time", lang))
    scan.add_argument("--until", type=_bound(True), metavar="TIME",
                      help=word("lines up to this time (a date alone means the whole day)", lang))
    scan.add_argument("--year", type=_year, metavar="YYYY",
                      help=word("the year of the last line of a log with classic timestamps, which"
                      " carry none (default: the year the last file was written; earlier"
                      " lines follow from December to January)", lang))
    scan.add_argument("--html", metavar="FILE",
                      help=word("also write the summary as one self-contained web page, with"
                      " charts, to FILE", lang))
    scan.add_argument("--top", type=_positive, default=10, metavar="N",
                      help=word("entries shown in each table (default 10)", lang))
    scan.add_argument("--jobs", type=_positive, default=None, metavar="N",
                      help=word("processes that read a large plain file at once (default: the"
                      " number of processors, at most 4)", lang))
    scan.add_argument("--engine", choices=("local", "dask"), default="local",
                      help=word("local: processes of this machine (default); dask: tasks on a Dask"
                      " cluster, per file and byte range (pip install 'smtpcodes[dask]')", lang))
    scan.add_argument("--scheduler", metavar="ADDRESS",
                      help=word("with --engine dask: the scheduler of a running cluster"
                      " (tcp://host:8786); without it a local cluster is started", lang))
    scan.add_argument("--no-progress", action="store_true",
                      help=word("no progress indication, even on a terminal", lang))
    scan.set_defaults(run=run_scan)


def run_scan(args: argparse.Namespace) -> int:
    import json
    import os

    from ..logs.files import order_rotated
    from ..logs.filters import Filters
    from ..logs.progress import Progress
    from ..logs.report import match_text, summary_text
    from ..logs.scanner import Scanner
    from .common import quiet_stdout

    names: list[str] = order_rotated(list(args.files)) or ["-"]
    if names == ["-"] and (sys.stdin is None or sys.stdin.isatty()):
        from .common import UsageError

        raise UsageError("give the log FILEs to read, or pipe a log on standard input")
    filtered = bool(args.code or args.status or args.since or args.until)
    filters = Filters(args.code, args.status, args.since, args.until) if filtered else None
    progress = None if args.no_progress or not sys.stderr.isatty() else Progress()
    jobs = args.jobs or max(1, min(4, os.cpu_count() or 1))
    out = sys.stdout
    first = [True]

    def print_match(line: LogLine, example: Example) -> None:
        if progress is not None:
            progress.done()
        if args.json:
            item = {
                "file": example.file, "line": example.line, "text": example.text,
                "kind": line.kind, "status": line.status or line.severity,
                "enhanced": line.enhanced, "basic": line.basic, "timestamp": line.timestamp,
            }
            out.write(("  " if first[0] else ",\n  ") + json.dumps(item, ensure_ascii=False))
            first[0] = False
        else:
            out.write(match_text(line, example))

    if args.jsonl:
        return _run_events(args, names, filters, progress)
    if args.engine == "dask":
        return _run_dask(args, names, filters, jobs)
    if args.scheduler:
        from .common import UsageError

        raise UsageError("--scheduler goes with --engine dask")
    scanner = Scanner(filters, print_match if filtered else None, progress, jobs,
                      year=args.year)
    try:
        if filtered and args.json:
            out.write('{\n"matches": [\n')
        summary = scanner.scan(names)
        for message in scanner.errors:
            print(f"smtpcode scan: {message}", file=sys.stderr)
        if args.html:
            _write_html(args.html, summary, args.top)
        if args.json:
            from ..logs.state import summary_json

            text = json.dumps(summary_json(summary, args.top), indent=2, ensure_ascii=False)
            out.write(f"\n],\n{text[2:]}\n" if filtered else text + "\n")
        else:
            if filtered and summary.matched:
                out.write("\n")
            out.write(summary_text(summary, args.top))
        out.flush()
    except BrokenPipeError:
        quiet_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        if progress is not None:
            progress.done()
        print("smtpcode scan: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_UNREADABLE if scanner.errors else EXIT_OK


def _run_events(args: argparse.Namespace, names: list[str], filters: Filters | None,
                progress: Progress | None) -> int:
    """``--jsonl``: the events as they are read, one JSON object a line."""
    from ..logs.events import EventWriter
    from ..logs.scanner import Scanner
    from .common import quiet_stdout

    scanner = Scanner(filters, None, progress, 1, year=args.year)
    writer = EventWriter(sys.stdout, scanner.summary)
    scanner.on_match = lambda line, example: writer.see(line)
    try:
        scanner.scan(names)
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        print("smtpcode scan: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    for message in scanner.errors:
        print(f"smtpcode scan: {message}", file=sys.stderr)
    return EXIT_UNREADABLE if scanner.errors else EXIT_OK


def _run_dask(args: argparse.Namespace, names: list[str], filters: Filters | None,
              jobs: int) -> int:
    """``--engine dask``: the scan as tasks of a Dask cluster, then the summary."""
    import json

    from ..logs.cluster import EngineError, scan_with_dask
    from ..logs.report import summary_text
    from ..logs.state import summary_json
    from .common import UsageError

    if filters is not None or args.jsonl:
        raise UsageError("--engine dask prints the summary only: leave out --code, --status,"
                         " --since, --until and --jsonl, or use the local engine")
    if names == ["-"]:
        raise UsageError("--engine dask reads files that every worker can open, not"
                         " standard input")
    try:
        summary = scan_with_dask(names, args.scheduler, jobs, year=args.year)
    except EngineError as error:
        print(f"smtpcode scan: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    errors = [stats.error for stats in summary.files if stats.error]
    for message in errors:
        print(f"smtpcode scan: {message}", file=sys.stderr)
    if args.html:
        _write_html(args.html, summary, args.top)
    if args.json:
        sys.stdout.write(json.dumps(summary_json(summary, args.top), indent=2,
                                    ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(summary_text(summary, args.top))
    return EXIT_UNREADABLE if errors else EXIT_OK


def _write_html(name: str, summary: Summary, top: int) -> None:
    """Write the page; a file that cannot be written is the library's error, naming it."""
    from ..errors import SMTPCodeError
    from ..logs.html import summary_html

    try:
        with open(name, "w", encoding="utf-8") as handle:
            handle.write(summary_html(summary, top))
    except OSError as error:
        raise SMTPCodeError(f"cannot write {name}: {error.strerror}") from None
