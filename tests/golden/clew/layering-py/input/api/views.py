import requests

from ..core.models import Item
from . import serializers


def index(env: dict) -> Item:
    return serializers.load(requests.get(env["URL"]).json())
