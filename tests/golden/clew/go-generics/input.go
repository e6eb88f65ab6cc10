package generic

// Number is a type-set constraint.
type Number interface {
	~int | ~int64 | ~float64
}

// Map applies f to every element.
func Map[S ~[]E, E any, R any](s S, f func(E) R) []R {
	return nil
}

func Sum[T Number](xs ...T) (total T) { return }

func Keys[M ~map[K]V, K comparable, V any](m M) []K { return nil }

type Tree[T interface{ Less(T) bool }] struct {
	Left, Right *Tree[T]
	Value       T
}

type Set[T comparable] map[T]struct{}

type Vec[T any] = []T

type Cache[K comparable, V any] interface {
	Get(key K) (V, bool)
	Put(key K, value V)
}

func Use(t *Tree[int], s Set[string], c Cache[string, []byte]) {}
