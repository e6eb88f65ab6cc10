"""Aliases without TypeAlias: by the form of their value, and NewType."""
import datetime
import typing
from dataclasses import dataclass
from typing import Any, NewType, Optional, Union

UserId = NewType("UserId", int)
OrderId = typing.NewType("OrderId", str)
Count = int
Stamp = datetime.datetime
Tags = list[str]
Scores = dict[str, float]
MaybeName = Optional[str]
Scalar = Union[int, float]
Label = str | None
Pair = tuple[int, int]
_Json = dict[str, Any]

if typing.TYPE_CHECKING:
    Handle = int

# not aliases: values, classes, lowercase names, None alone
MAX_RETRIES = 3
Default = None
Flags = READ | WRITE
Handler = dict
tags_t = list[str]
Factory = make_factory()


def helper():
    Local = list[int]
    return Local


@dataclass
class Order:
    id: OrderId
    user: UserId
    count: Count
    at: Stamp
    tags: Tags
    scores: Scores
    name: MaybeName
    value: Scalar
    label: Label
    where: Pair
    handle: Handle
    extra: _Json
