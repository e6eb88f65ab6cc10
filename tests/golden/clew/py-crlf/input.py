import os


class Thing:
    """Doc line."""
    name: str = "x"

    def go(self, n: int) -> int:
        return n
