"""The one error every reader raises for a file a user can act on (its own module, so that readers,
the loader and the limits import it without importing each other)."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be read; ``code`` is stable English, ``message`` is for the user (Chinese)."""

    def __init__(self, code: str, message: str, file: str) -> None:
        super().__init__(f"{file}: {message} [{code}]")
        self.code = code
        self.message = message
        self.file = file

    def __reduce__(self) -> tuple[type[IngestError], tuple[str, str, str]]:
        return (IngestError, (self.code, self.message, self.file))  # crosses process boundaries intact
