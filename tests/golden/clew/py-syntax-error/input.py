def good(a: int) -> int:
    return a


def broken(a: int -> int:
    return a


class Fine:
    x: int = 1

    def ok(self) -> None:
        pass


def after(b: str) -> str:
    return b
