from datetime import datetime
from typing import Optional

from pydantic import BaseModel, Field


class User(BaseModel):
    """A registered user."""

    id: int
    email: str = Field(..., alias="emailAddress")
    nickname: Optional[str] = None
    created: datetime
    scores: dict[str, float] = {}

    def display(self) -> str:
        return self.email


class Admin(User):
    level: int = 1
