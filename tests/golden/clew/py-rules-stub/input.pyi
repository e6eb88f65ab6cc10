def f(x: int) -> int: ...

class C:
    def m(self) -> None: ...
    def n(self) -> None:
        pass

def g() -> None:
    # ananke:hole
    ...
