"""Module docstring is not a function doc."""


def add(a: int, b: int) -> int:
    """Add two integers.

    Longer description.
    """
    return a + b


def untyped(x, y=2):
    return x


def no_doc() -> None:
    pass


def _helper(value: str = "x") -> str:
    # A comment, not a docstring.
    return value
