from datetime import datetime
from typing import Annotated, Optional

from pydantic import BaseModel, Field, NonNegativeInt, PositiveFloat, conint, conlist


class User(BaseModel):
    """A registered user."""

    id: int
    email: str = Field(..., alias="emailAddress")
    nickname: Optional[str] = None
    created: datetime
    scores: dict[str, float] = {}
    age: int = Field(..., ge=0, le=150)
    handle: str = Field(..., min_length=2, max_length=20, pattern=r"^[a-z][a-z0-9_]*$")
    rank: int = Field(gt=0)
    badges: list[str] = Field(default_factory=list, max_length=8)
    weight: Annotated[float, Field(gt=0, le=500)]
    tags: list[Annotated[str, Field(min_length=1, max_length=16)]] = []
    stars: Optional[int] = Field(None, ge=1, le=5)
    level: conint(ge=0, le=9) = 0
    aliases: conlist(str, max_length=3) = []
    votes: NonNegativeInt = 0
    ratio: PositiveFloat = 1.0

    def display(self) -> str:
        return self.email


class Admin(User):
    level: int = 1
