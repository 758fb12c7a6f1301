"""User-facing errors: each carries one line that the CLI prints instead of a traceback."""


class SheetgenError(Exception):
    """A problem the user can fix (bad input, missing tool); str() is the one-line message."""

    exit_code = 2


class CompileError(SheetgenError):
    """pdflatex failed; the message holds the first error, the offending .tex line and the log."""


class Interrupted(SheetgenError):
    """Ctrl-C (SIGINT): the build stopped; nothing was swapped in. Exit status 130, as shells use."""

    exit_code = 130
