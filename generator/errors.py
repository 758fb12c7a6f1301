"""User-facing errors: each carries one line that the CLI prints instead of a traceback."""


class SheetgenError(Exception):
    """A problem the user can fix (bad input, missing tool); str() is the one-line message."""


class CompileError(SheetgenError):
    """pdflatex failed; the message holds the first error, the offending .tex line and the log."""
