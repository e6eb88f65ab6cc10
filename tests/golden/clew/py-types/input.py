from typing import Any, Callable, Dict, List, Literal, Optional, Tuple, TypeAlias, Union

Json: TypeAlias = Union[dict[str, "Json"], list["Json"], str, int, float, bool, None]
type Pair[T] = tuple[T, T]


def shapes(
    a: Optional[int],
    b: int | None,
    c: Union[str, bytes],
    d: Literal["r", "w", 1, True],
    e: Callable[[int, str], bool],
    f: tuple[int, ...],
    g: Tuple[int, str],
    h: Dict[str, List[int]],
    i: "Node",
    j: Any,
    k: dict[str, Optional[list[tuple[int, float]]]],
    m: type[Exception],
    n: "list[int] | None",
) -> None:
    pass
