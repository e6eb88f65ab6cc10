class Café:
    """Représente un café ☕."""
    prix: float = 2.5


def grüßen(名前: str) -> str:
    """Begrüßt 名前."""
    return "Hallo " + 名前


def raw() -> bytes:
    return "bad �� bytes"  # �( invalid
