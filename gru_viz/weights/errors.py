"""The one error a weight file can raise."""


class WeightsError(ValueError):
    """A weight file was refused. The message says what was wrong and what would be accepted."""
