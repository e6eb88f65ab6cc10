class Service:
    def method(self, a, /, b: int, *, c: str = "c", **options) -> None:
        ...

    @classmethod
    def create(cls, *args: str, flag: bool = False) -> "Service":
        ...

    @staticmethod
    def util(x: float, y: float = 1.5) -> float:
        return x * y


def positional(a, b, /, c, *, d, e=None):
    pass


def splat(*items: int, **named: str):
    pass
