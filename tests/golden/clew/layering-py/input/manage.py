import os

from api import views


def main() -> None:
    views.index(os.environ)
