from dataclasses import dataclass
from enum import Enum
from uuid import UUID


class Color(Enum):
    RED = "red"
    GREEN = "green"


@dataclass
class Palette:
    """Weights keyed by index, by ratio and by color, under an id."""

    id: UUID
    by_index: dict[int, str]
    by_ratio: dict[float, int]
    by_color: dict[Color, float]
