"""Run one command: parse, dispatch to its verb, turn every failure into one line and an exit
code; SIGINT and SIGTERM cancel the command so that the project keeps what finished."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, Any

from vidstudio.cli import common
from vidstudio.cli.common import (
    EXIT_BUG,
    EXIT_FAILED,
    EXIT_LOCKED,
    EXIT_SIGINT,
    EXIT_SIGTERM,
    EXIT_USAGE,
    INTERRUPTED,
    CliError,
)
from vidstudio.cli.parser import build_parser

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Coroutine, Sequence
    from typing import TextIO



def _command(name: str) -> Callable[[argparse.Namespace, TextIO, TextIO],
                                    Coroutine[Any, Any, int]]:
    """The verb's handler; only its own module is imported."""
    import importlib

    module, function = COMMANDS[name]
    handler: Callable[[argparse.Namespace, TextIO, TextIO], Coroutine[Any, Any, int]] = \
        getattr(importlib.import_module(f"vidstudio.cli.{module}"), function)
    return handler


COMMANDS: dict[str, tuple[str, str]] = {
    "render": ("render", "cmd_render"),
    "plan": ("render", "cmd_plan"),
    "batch": ("batch", "cmd_batch"),
    "export": ("project", "cmd_export"),
    "regenerate": ("project", "cmd_regenerate"),
    "takes": ("takes", "cmd_takes"),
    "cast": ("cast", "cmd_cast"),
    "use": ("takes", "cmd_use"),
    "import": ("takes", "cmd_import"),
    "costs": ("info", "cmd_costs"),
    "voices": ("info", "cmd_voices"),
    "random-script": ("info", "cmd_random_script"),
    "models": ("models", "cmd_models"),
}


class Interrupted(BaseException):
    """SIGINT or SIGTERM ended the run (after the session closed, keeping finished work)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


async def _until_signalled(command: Coroutine[Any, Any, int]) -> int:
    """Run ``command``; SIGINT or SIGTERM cancels it, so that every ``finally`` runs (the
    session closes: jobs are cancelled and what finished is saved), then ``Interrupted``.

    A second signal while that clean-up runs ends the process at once, as the signal would.
    """
    import asyncio
    import signal

    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    received: list[int] = []

    def on_signal(sig: int) -> None:
        if received:
            signal.signal(sig, signal.SIG_DFL)
            os.kill(os.getpid(), sig)
            return
        received.append(sig)
        if task is not None:
            task.cancel()

    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, on_signal, sig)
            installed.append(sig)
        except (ValueError, RuntimeError, NotImplementedError):  # not the main thread
            continue
    try:
        return await command
    except BaseException:
        if received:
            raise Interrupted(EXIT_SIGTERM if received[0] == signal.SIGTERM
                              else EXIT_SIGINT) from None
        raise
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
        if (hosts := sys.modules.get("vidstudio.providers.localai.host")) is not None:
            await hosts.close_hosts()  # the local-ai model processes end with the command


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None,
         err: TextIO | None = None, whole_process: bool | None = None) -> int:
    """Run one command; returns the exit status.

    ``whole_process`` (default: when no streams are given, as the ``vidstudio`` program runs
    it) also ends, on the way out, any child process still running; a caller embedding the CLI
    in its own process (tests) keeps its children.
    """
    if whole_process is None:
        whole_process = out is None and err is None
    try:
        return _main(argv, out=out or sys.stdout, err=err or sys.stderr)
    finally:
        if whole_process:
            from vidstudio.lifetime import end_children

            end_children()


def _main(argv: Sequence[str] | None, *, out: TextIO, err: TextIO) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=err,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.command in (None, "app"):
        # The editor is started by vidstudio.__main__ (this package never imports Qt).
        err.write("vidstudio: the editor starts from the `vidstudio` command itself\n")
        return EXIT_USAGE

    import asyncio

    try:
        return asyncio.run(_until_signalled(_command(args.command)(args, out, err)))
    except Interrupted as exc:
        return _fail(err, INTERRUPTED, exc.code)
    except CliError as exc:
        return _fail(err, str(exc), exc.code)
    except KeyboardInterrupt:
        return _fail(err, INTERRUPTED, EXIT_SIGINT)
    except BaseExceptionGroup as group:
        # A failure inside concurrent work: report its first real cause, not the group.
        return _report(err, args, _first_cause(group), grouped=True)
    except Exception as exc:  # noqa: BLE001  sorted by _report; a bug is one line
        return _report(err, args, exc)


def _report(err: TextIO, args: argparse.Namespace, exc: BaseException, *,
            grouped: bool = False) -> int:
    """The one line and exit code for a failure. The exception classes are imported only
    here, when something failed: importing the session to name them cost every verb
    ~145 ms."""
    from vidstudio.export import ExportError
    from vidstudio.jobs.planning import ScriptError
    from vidstudio.jobs.session import SessionError
    from vidstudio.media.ffmpeg import FFmpegError
    from vidstudio.providers.base import ProviderError
    from vidstudio.storage import ProjectLoadError
    from vidstudio.storage.lock import ProjectLockedError

    if not grouped and isinstance(exc, (ScriptError, ProjectLoadError)):
        return _fail(err, str(exc), EXIT_USAGE)
    if not grouped and isinstance(exc, ProjectLockedError):
        return _fail(err, str(exc), EXIT_LOCKED)
    if isinstance(exc, (ExportError, FFmpegError)):
        return _fail(err, describe_tool_error(exc), EXIT_FAILED)
    if isinstance(exc, (ProviderError, SessionError)):
        return _fail(err, str(exc) or type(exc).__name__, EXIT_FAILED)
    if isinstance(exc, OSError):
        return _fail(err, describe_os_error(exc), EXIT_FAILED)
    return _bug(err, args, exc)


def _first_cause(group: BaseExceptionGroup[Any]) -> BaseException:
    first: BaseException = group.exceptions[0]
    while isinstance(first, BaseExceptionGroup):
        first = first.exceptions[0]
    return first


# What ffmpeg (or the C library) says when a disk is full or read-only, somewhere in its log.
_DISK_FAULTS = (("no space left on device", "no space left on the disk"),
                ("disk quota exceeded", "no space left on the disk (quota)"),
                ("read-only file system", "the output's disk is read-only"))


def describe_tool_error(exc: BaseException) -> str:
    """An export or ffmpeg failure in one line: a full or read-only disk is named as such,
    wherever in ffmpeg's log it was said."""
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    first = text.strip().splitlines()[0] if text.strip() else text
    what = first.split(" failed", 1)[0] if " failed" in first else ""
    for needle, saying in _DISK_FAULTS:
        if needle in lowered:
            return f"{saying} ({what})" if what else saying
    return text


def describe_os_error(exc: OSError) -> str:
    import errno

    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"no space left on the disk{where}"
    if exc.errno == errno.EROFS:
        return f"{exc.filename or 'the folder'} is read-only"
    return str(exc) or type(exc).__name__


def _bug(err: TextIO, args: argparse.Namespace, exc: BaseException) -> int:
    logging.getLogger("vidstudio").debug("internal error", exc_info=exc)
    if args.verbose:
        import traceback

        # The traceback's frames and messages may quote a key (a service's echo in an
        # exception's text): redacted, in every encoding, like every other line.
        err.write(_redact("".join(traceback.format_exception(exc))))
    return _fail(err, f"internal error ({type(exc).__name__}: {exc}); the project keeps "
                 "what was finished — please report this, with the output of -v", EXIT_BUG)


def _fail(err: TextIO, message: str, code: int) -> int:
    text = message.strip().splitlines()[0] if message.strip() else "failed"
    err.write(f"vidstudio: error: {_redact(text)}\n")
    return code


def _redact(text: str) -> str:
    """``text`` without any key, in any encoding; the keys are looked up if the command
    failed before it read them."""
    redact = common.redactor()
    if redact is None:
        try:
            redact = common.credentials()[1]
        except Exception:  # noqa: BLE001  no keys to be found: nothing to hide
            return text
    return redact(text)
