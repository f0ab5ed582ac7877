"""The one error a printer device raises when it cannot print."""

STATUSES = ("ok", "offline", "paper_out", "unknown")


class PrinterError(Exception):
    """Printing failed; `status` is one of STATUSES ("offline", "paper_out", "unknown")."""

    def __init__(self, status: str, message: str):
        if status not in STATUSES:
            raise ValueError(f"printer status must be one of {STATUSES}, not {status!r}")
        super().__init__(message)
        self.status = status
        self.message = message
