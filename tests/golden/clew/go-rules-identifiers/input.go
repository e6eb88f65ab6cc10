package ids

import "time"

const Version = "1.0"

const (
	KindA Kind = iota
	KindB
	maxRetries = 3
	_          = 4
)

const typedTimeout, other time.Duration = 5 * time.Second, 1

var (
	DefaultName        = "x"
	cache       map[string]int
	a, b        int = 1, 2
	_           = cache
)

var handler = func(n int) int {
	const local = 2
	twice := n * local
	return twice
}

type Kind int

// Walk declares variables every way Go has.
func Walk(items []string, ch chan int, v interface{}) {
	var count int
	var x, y = 1, 2
	total := 0
	first, _ := items[0], 1
	for i, item := range items {
		total += i + len(item)
	}
	for _, item2 := range items {
		_ = item2
	}
	for i := 0; i < 3; i++ {
	}
	var j int
	for j = range items {
	}
	select {
	case got := <-ch:
		count = got
	case count = <-ch:
	}
	switch t := v.(type) {
	case int:
		_ = t
	}
	if n, ok := v.(int); ok {
		count = n
	}
	total, count = count, total
	_, _, _, _ = x, y, first, j
}

// Outliers show where identifiers were found; the hole lists the
// module-level names as bindings, with their declared types.
const MAX_SIZE = 10

func Later() int {
	bad_name := MAX_SIZE
	// ananke:hole
	return bad_name
}
