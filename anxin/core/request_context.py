"""The request that is being served, for code far from the view (the audit trail).

A context variable rather than a thread-local so it behaves under ASGI too.
"""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip: str | None


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "anxin_request_context", default=None
)


def current() -> RequestContext | None:
    return _current.get()


def set_current(context: RequestContext | None) -> contextvars.Token:
    return _current.set(context)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)
