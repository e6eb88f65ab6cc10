import flask

from pkg.core.models import Item
from core import models
from pkg import VERSION


def index() -> Item:
    return models.Item(flask.request.args["sku"] + VERSION)
