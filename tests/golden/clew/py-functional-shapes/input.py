"""TypedDict and NamedTuple written as calls."""
import typing
from dataclasses import dataclass
from typing import NamedTuple, NotRequired, Optional, Required, TypedDict

Movie = TypedDict("Movie", {"name": str, "year": int, "rating": NotRequired[float]})
Headers = TypedDict("Headers", {"content-type": str, "etag": Required[str], "age": int}, total=False)
Point = NamedTuple("Point", [("x", int), ("y", int)])
Span = typing.NamedTuple("Span", [("start", Point), ("end", Optional[Point])])

# not shapes: no name, a variable spec, another call
Anon = TypedDict("Anon", fields)
Other = make("Other", {"a": int})


@dataclass
class Show:
    movie: Movie
    headers: Headers
    at: Point
    span: Span
