"""What uvicorn serves trading-api with: the event loop and the HTTP parser, named in the start line so that an operator
can see the fast path is on (uvloop and httptools, Debian's python3-uvloop and python3-httptools, which uvicorn's
default `--loop auto --http auto` picks when they are installed; docs/performance.md)."""
import asyncio
import sys
from collections.abc import Sequence

import click
from uvicorn.config import HTTP_PROTOCOLS
from uvicorn.importer import ImportFromStringError, import_from_string
from uvicorn.main import main as uvicorn_command

APP = "trading_api.main:app"
"""The app as uvicorn's command line names it (the AppHost's AddUvicornApp, the image's CMD, the tests)."""

UNKNOWN = "unknown"


def event_loop_name(loop: asyncio.AbstractEventLoop) -> str:
    """The package of the running loop's class: "uvloop" (uvloop.Loop) or "asyncio" (the standard selector loop)."""
    return type(loop).__module__.partition(".")[0]


def http_parser_name(argv: Sequence[str] = sys.argv) -> str:
    """The HTTP implementation uvicorn serves this process with, "httptools" or "h11": its `--http` option as uvicorn's
    own command parses this process's command line (`argv`, with `UVICORN_HTTP` from the environment as uvicorn reads
    it; a worker or reloaded server process has its supervisor's), "auto" resolved as uvicorn resolves it (httptools
    when importable, else h11). "unknown" when the command line is not uvicorn's serving APP (e.g. a test client) or the
    chosen implementation cannot be imported; never raises (it only names what the start line logs)."""
    try:
        context = uvicorn_command.make_context("uvicorn", list(argv[1:]))
    except (click.ClickException, click.exceptions.Exit):
        return UNKNOWN
    if context.params.get("app") != APP:
        return UNKNOWN
    try:
        protocol = import_from_string(HTTP_PROTOCOLS[context.params["http"]])
    except (ImportFromStringError, ImportError):
        return UNKNOWN
    # The implementation's module (uvicorn.protocols.http.httptools_impl or .h11_impl) names it: importing the other one
    # to compare would fail when it is not installed (python3-httptools is optional).
    return _PARSERS.get(protocol.__module__.rpartition(".")[2], UNKNOWN)


_PARSERS = {"httptools_impl": "httptools", "h11_impl": "h11"}
