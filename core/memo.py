"""A bounded memo for what a process draws again and again from the same inputs."""


class BoundedMemo:
    """Values by key, computed once; the oldest entries go when there are more than `size`.

    For drawings keyed by everything they are drawn from (the network map's marks, an event's
    VEVENT): a key that holds all the inputs can never give a stale value, so nothing needs
    invalidating; the bound only keeps memory in check.
    """

    def __init__(self, size: int):
        self.size = size
        self._values: dict = {}

    def get_or_compute(self, key, compute):
        value = self._values.get(key)
        if value is None:
            value = self._values[key] = compute()
            while len(self._values) > self.size:
                self._values.pop(next(iter(self._values)))
        return value

    def __len__(self) -> int:
        return len(self._values)
