from core import models


def load(data: dict) -> models.Item:
    return models.Item(data["sku"])
