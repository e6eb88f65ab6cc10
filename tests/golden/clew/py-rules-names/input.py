from typing import Final, TypeAlias, TypeVar

MAX_SIZE = 100
NAME = "service"
RATIO = -0.5
FLAGS = (1, 2, {"a": [True, None]})
DATA = b"\x00\x01"
GREETING = "hello " "world"
TIMEOUT: Final = compute_timeout()
LIMIT: Final[int] = 10
typing_hint: int = 3
logger = get_logger(__name__)
Template = f"{NAME}-x"
A, B = 1, 2
first = second = None
__all__ = ["load"]
__version__ = "1.0"
T = TypeVar("T")
Alias: TypeAlias = list[int]
_ = ignored()
count = 0
count = 1
for idx in range(3):
    pass
with open("f") as (fh, other):
    pass
if (found := lookup()) is not None:
    pass
squares = [sq * sq for sq in range(10)]


class Config:
    retries = 3
    name: str = "x"


def run(path: str, limit: int = 1) -> int:
    LOCAL_CONST: Final = 5
    path = path.strip()
    total: float = 0.0
    first, *rest = [1, 2, 3]
    obj.attr = 1
    items[0] = 2
    global count
    count = 2
    try:
        pass
    except ValueError as err:
        print(err)
    for i, (k, v) in enumerate(pairs):
        total += v
    return total
