import pkg.api.views


def run() -> None:
    pkg.api.views.index()
