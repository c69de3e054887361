"""The one error a weight file can raise."""


class WeightsError(ValueError):
    """A weight file was refused. The message says what was wrong and what would be accepted."""


def shown(value, limit=40):
    """A value from a file (a tensor or layer name, a version), quoted short enough for a message
    or a note: a hostile file may name a tensor with 10,000 characters."""
    return repr(value if not isinstance(value, str) or len(value) <= limit else value[:limit] + "...")
