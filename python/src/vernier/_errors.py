"""The exceptions of the bridge."""


class VernierError(Exception):
    """Vernier refused a request; the message is the one the command line prints.

    Attributes:
        kind: whose fault: ``"request"`` (malformed request), ``"plant"`` (the plant refused the values),
            ``"unsupported"`` (the plant has no such interface) or ``"usage"`` (bad plant id or options).
    """

    def __init__(self, message, kind="plant"):
        super().__init__(message)
        self.kind = kind


class VernierProcessError(VernierError):
    """The ``vernier serve`` process died, hung or could not be started; the message names it."""

    def __init__(self, message):
        super().__init__(message, kind="process")
