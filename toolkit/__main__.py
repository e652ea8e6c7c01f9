"""Run srkit: ``python -m toolkit`` and the ``srkit`` command.

``srkit --help`` is answered from ``cli/help.txt``, the text the command line itself writes
(a test keeps the two equal), without loading the command line: it then starts as fast as the
interpreter. The plain forms of ``srkit check`` and ``srkit build`` run without loading click
(:mod:`toolkit.cli.plain`). Everything else goes to :func:`toolkit.cli.main`.
"""

import atexit
import gc
import os
import sys

# os.path, not pathlib: importing pathlib (re, urllib.parse, ipaddress) would double the time
# `srkit --help` takes over a bare interpreter
HELP = os.path.join(os.path.dirname(os.path.realpath(__file__)), "cli", "help.txt")
HELP_WIDTH = 80  # click lays help out at most this wide; narrower terminals wrap differently


def main() -> None:
    """Run the command line."""
    if sys.argv[1:] in (["--help"], ["-h"]) and _columns() >= HELP_WIDTH and os.path.isfile(HELP):
        with open(HELP, encoding="utf-8") as text:
            sys.stdout.write(text.read())
        return
    if sys.argv[1:2] in (["check"], ["build"]):
        # one case (its files size-limited, toolkit.case.load) in one short process: collecting
        # reference cycles while it imports and builds frees little and costs ~3% of its CPU
        gc.disable()
        from toolkit.cli.plain import run as run_plain

        if run_plain(sys.argv[1:]):
            _exit_done()
            return
        gc.enable()
    from toolkit.cli import main as run

    run()


def _exit_done() -> None:
    """End a process whose command is done, as any exit does (the standard streams flushed,
    the atexit functions run) but without freeing every object and module one by one, which
    is ~5% of a plain check's or build's CPU. Where anything is left to wait for or to report
    (a stream that cannot be flushed, a thread still running, a profiler or tracer that writes
    its results once the program returns), return: the interpreter then exits as it always
    does."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return
    atexit._run_exitfuncs()
    os._exit(0)


def _columns() -> int:
    """Return the terminal's width as click reads it: $COLUMNS, the terminal, else 80."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    if sys.__stdout__ is None:
        return HELP_WIDTH
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return HELP_WIDTH


if __name__ == "__main__":
    main()
