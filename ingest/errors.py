"""Errors for input that cannot be ingested, each naming the file and the reason."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be ingested; `reason` is one line a person can act on."""

    code = "invalid_input"
    retryable = False

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


class EmptyFile(IngestError):
    code = "empty_file"


class FileTooLarge(IngestError):
    code = "file_too_large"


class UnknownFormat(IngestError):
    code = "unknown_format"


class CorruptFile(IngestError):
    code = "corrupt_file"


class EncryptedFile(IngestError):
    code = "encrypted_file"


class NoTextLayer(IngestError):
    """A scanned PDF: pages are images, there is no text to read until OCR exists."""

    code = "no_text_layer"


class NoText(IngestError):
    """The file parsed but holds no readable text."""

    code = "no_text"


class Unreadable(IngestError):
    """The file cannot be opened or is not a regular file."""

    code = "unreadable"


class TextTooLong(IngestError):
    """More text than extraction handles in one piece."""

    code = "text_too_long"
