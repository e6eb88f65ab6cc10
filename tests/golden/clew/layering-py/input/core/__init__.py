from .models import Item

__all__ = ["Item"]
