package demo

// Add returns the sum of a and b.
// It never fails.
func Add(a, b int) int {
	return a + b
}

// helper is package-private.
func helper() {}

//go:noinline
// Parse reads a value; the directive above is not documentation.
func Parse(s string) (int, error) {
	return 0, nil
}

//go:noinline
func directiveOnly() {}

// Doc separated by a blank line is not attached.

func Detached() {}

func Named(path string) (n int, err error) { return }

func Shared() (a, b string) { return }

func Paren() (error) { return nil }

func Unnamed(int, string, ...bool) {}

func Printf(format string, args ...interface{}) {}

func Callback(fn func(int) (string, error), done chan<- struct{}) {}

func NotError() (error, int) { return nil, 0 }

func Empty() () {}

// asmImpl is implemented in assembly: no body.
func asmImpl(x uint64) uint64

var unused = func(a int) int { return a } // not a declaration

func Outer() {
	inner := func(x int) {}
	_ = inner
	type local struct{ a int }
}
