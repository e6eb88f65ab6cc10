__all__ = ["Public", "run"]
__all__ += ["extra"]


class Public:
    def method(self) -> None: ...

    def _private(self) -> None: ...

    def __repr__(self) -> str:
        return "Public"

    class Inner:
        value: int = 0


class NotListed:
    pass


def run() -> None: ...


def extra() -> None: ...


def hidden() -> None: ...
