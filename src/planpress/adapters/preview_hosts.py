"""The preview answers only to its own address: a request for any other host name (a page
elsewhere that makes a browser call the preview under a name of its own, DNS rebinding) is
refused."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment


LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def own_host(header: str, served_as: str) -> bool:
    """Whether a request's Host header names this preview: the address it listens on, a
    loopback name, or (when it listens on every address) any address given as numbers.

    A web page elsewhere can make a browser send requests to the preview under a name of its
    own that resolves to 127.0.0.1 (DNS rebinding); such a name is never one of these.
    """
    name = header.strip().lower()
    if name.startswith("["):  # [::1]:8000
        name = name[1 : name.find("]")] if "]" in name else ""
    elif name.count(":") == 1:
        name = name.split(":", 1)[0]
    if not name:
        return False
    if name in LOCAL_NAMES or name == served_as.strip("[]").lower():
        return True
    if served_as in ("0.0.0.0", "::", ""):
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True
    return False


def own_host_only(app: WSGIApplication, served_as: str) -> WSGIApplication:
    """`app`, answering 421 Misdirected Request to a request for any other host name."""

    def guarded(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if not own_host(environ.get("HTTP_HOST", ""), served_as):
            start_response(
                "421 Misdirected Request", [("Content-Type", "text/plain; charset=utf-8")]
            )
            return [b"This is a preview of the site; it answers only to its own address.\n"]
        return app(environ, start_response)

    return guarded
