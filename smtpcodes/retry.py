"""Whether to send again, and when: for a program that sends mail itself.

A mail server keeps a failed message in its queue and retries on its own schedule; a program
that talks SMTP itself (a Celery task, a plain loop) must decide. The rules, from the class,
the reason and RFC 5321 section 4.5.4.1:

- a success needs nothing; a permanent failure (5xx) is not retried unchanged: its remedy
  (fix the address, the sender's setup, the message) comes first;
- a temporary failure (4xx), or a failure that carried no reply (a timeout, a closed
  connection), is retried: after at least 30 minutes, twice as long after each attempt up to
  4 hours (a rate limit or "slow down" starts at an hour), and given up 5 days after the
  first failure.

No dependency on any task queue: the answer is plain data (:class:`RetryDecision`).
"""

from __future__ import annotations

import datetime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .explain import Explanation
    from .raised import NotFromServer

#: RFC 5321 section 4.5.4.1: wait at least 30 minutes, give up after 4 to 5 days.
FIRST_WAIT = datetime.timedelta(minutes=30)
LONGEST_WAIT = datetime.timedelta(hours=4)
GIVE_UP_AFTER = datetime.timedelta(days=5)
SOURCE = "https://www.rfc-editor.org/rfc/rfc5321#section-4.5.4.1"


class RetryDecision:
    """Whether to try again, after how long, and why."""

    __slots__ = ("delay", "retry", "source", "why")

    def __init__(self, retry: bool, delay: datetime.timedelta | None, why: str,
                 source: str = SOURCE) -> None:
        self.retry = retry
        #: how long to wait before the next attempt (None when not retrying)
        self.delay = delay
        self.why = why
        self.source = source

    @property
    def seconds(self) -> float | None:
        """The delay in seconds, as task queues take it (Celery's ``countdown``)."""
        return None if self.delay is None else self.delay.total_seconds()

    def as_dict(self) -> dict[str, object]:
        return {"retry": self.retry, "delay_seconds": self.seconds, "why": self.why,
                "source": self.source}

    def __repr__(self) -> str:
        return f"<RetryDecision retry={self.retry} delay={self.delay}>"


def when_to_retry(
    value: object, *, attempt: int = 1, first_failure: datetime.datetime | None = None,
    now: datetime.datetime | None = None, lang: str | None = None,
) -> RetryDecision:
    """Decide for a failure: an Explanation, a NotFromServer, a reply text or code, or the
    exception an SMTP client raised. ``attempt`` counts the attempts made so far (1 after
    the first failure); ``first_failure`` is when the first one failed (for the 5-day limit).
    ``lang`` is the language of the decision's ``why``, as for :func:`smtpcodes.explain`.
    """
    from .explain import Explanation, explain
    from .lang import resolve, word
    from .raised import NotFromServer, explain_error

    lang = resolve(lang)
    found: Explanation | NotFromServer
    if isinstance(value, Explanation | NotFromServer):
        found = value
    elif isinstance(value, BaseException):
        found = explain_error(value, lang=lang)
    elif isinstance(value, str | bytes | int):
        found = explain(value, lang=lang)
    else:
        from .errors import SMTPCodeError

        raise SMTPCodeError(f"{type(value).__name__} cannot be read: expected an explanation,"
                            " a reply or code, or the exception an SMTP client raised")
    now = now or datetime.datetime.now(datetime.UTC)
    if first_failure is not None and now - first_failure >= GIVE_UP_AFTER:
        return RetryDecision(False, None, word("the message has failed for 5 days: give it up"
                                               " and tell its sender", lang))
    if isinstance(found, NotFromServer):
        return _later(attempt, False, word("no reply from the server ({kind}): try again later",
                                           lang, kind=found.kind))
    digit = found.classification.status_class.digit
    if digit in (2, 3):
        return RetryDecision(False, None, word("the server accepted it: nothing to retry", lang))
    remedy = found.remedy
    if digit == 5:
        return RetryDecision(False, None, word(
            "a permanent failure: do not send it again unchanged; first: {remedy}", lang,
            remedy=remedy.replace("_", " ")))
    slow = remedy == "slow_down" or (found.reason is not None
                                     and found.reason.name == "ratelimited")
    if slow:
        return _later(attempt, slow, word("a temporary failure: send it again later, more"
                                          " slowly", lang))
    return _later(attempt, slow, word("a temporary failure: send it again later", lang))


def _later(attempt: int, slow: bool, why: str) -> RetryDecision:
    wait = FIRST_WAIT * (2 if slow else 1) * 2 ** max(0, attempt - 1)
    return RetryDecision(True, min(wait, LONGEST_WAIT), why)
