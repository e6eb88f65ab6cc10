import enum
from enum import Enum, auto
from typing import Protocol


class Color(Enum):
    RED = 1
    GREEN = "green"
    BLUE = auto()
    _ignore_ = ["x"]


class Level(enum.IntEnum):
    LOW = 0
    HIGH = 10


class Closer(Protocol):
    def close(self) -> None: ...

    def flush(self, force: bool = ...) -> int: ...
