"""Inventory models."""
from dataclasses import dataclass, field
from enum import Enum
from typing import Optional

from pydantic import BaseModel


class Status(Enum):
    ACTIVE = "active"
    RETIRED = "retired"


@dataclass
class Item:
    """An item in stock."""
    sku: str
    name: str
    quantity: int = 0
    tags: list[str] = field(default_factory=list)


class ReservationRequest(BaseModel):
    sku: str
    quantity: int
    note: Optional[str] = None


def reserve(item: Item, quantity: int, *, dry_run: bool = False) -> bool:
    """Reserve units of an item; False when there are not enough."""
    if quantity > item.quantity:
        return False
    if not dry_run:
        item.quantity -= quantity
    return True


def restock(item: Item, quantity: int, *, supplier: Optional[str] = None) -> Item:
    """Add units to an item from a supplier; not written yet."""
    raise NotImplementedError
