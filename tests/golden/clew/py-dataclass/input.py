from dataclasses import dataclass, field
from typing import ClassVar, Final


@dataclass
class Point:
    """A point in the plane."""
    x: float
    y: float = 0.0
    label: str | None = None
    tags: list[str] = field(default_factory=list)
    origin: ClassVar["Point"]

    def norm(self) -> float:
        return (self.x ** 2 + self.y ** 2) ** 0.5


@dataclass(frozen=True, slots=True)
class Config:
    name: str
    retries: int = 3
    VERSION: Final[int] = 1
