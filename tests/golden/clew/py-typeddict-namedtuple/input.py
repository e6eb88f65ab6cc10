from typing import NamedTuple, NotRequired, Required, TypedDict


class Movie(TypedDict):
    title: str
    year: NotRequired[int]


class Partial(TypedDict, total=False):
    name: str
    id: Required[int]


class Pair(NamedTuple):
    left: int
    right: int = 0
