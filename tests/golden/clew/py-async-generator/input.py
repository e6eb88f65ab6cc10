import functools


@functools.lru_cache(maxsize=None)
def cached(n: int) -> int:
    return n


async def fetch(url: str, timeout: float = 10.0) -> bytes:
    """Fetch a URL."""
    return b""


def numbers(limit: int):
    i = 0
    while i < limit:
        yield i
        i += 1


def not_a_generator():
    def inner():
        yield 1
    return inner


async def stream():
    yield "chunk"
