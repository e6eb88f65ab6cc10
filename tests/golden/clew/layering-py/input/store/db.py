import core.models
from ...outside import settings


def save(item: core.models.Item) -> None:
    settings.write(item)
