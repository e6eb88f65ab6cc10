from abc import ABC, abstractmethod
from typing import Protocol, overload


def todo_raise(x: int) -> str:
    raise NotImplementedError


def todo_raise_call(x: int) -> str:
    """Convert x."""
    raise NotImplementedError("later")


def todo_ellipsis() -> None: ...


def todo_pass(a, b):
    # to be written
    pass


def marked(items: list[int]) -> int:
    total = 0
    # ananke:hole sum the items
    return total


def not_a_hole(x):
    """ananke:hole in a docstring is not a marker."""
    return x


def two_statements():
    print("x")
    pass


def nested_stub():
    def inner():
        pass

    return inner


class Shape(ABC):
    @abstractmethod
    def area(self) -> float:
        raise NotImplementedError

    @abstractmethod
    def name(self) -> str: ...

    def describe(self) -> str:
        """Say what it is."""
        ...


class Reader(Protocol):
    def read(self, n: int) -> bytes: ...


@overload
def parse(x: int) -> int: ...
@overload
def parse(x: str) -> str: ...
def parse(x):
    raise NotImplementedError()


def marked_pass():
    # ananke:hole
    pass
