package units

// Celsius is a temperature.
type Celsius float64

type (
	// Meters is a length.
	Meters float64
	Seconds int64 // Seconds counts time (a trailing comment).

	// ID aliases string.
	ID = string
	Handler func(w Writer, r *Request) error
	Matrix  [3][3]float64
	Index   map[string][]int
	Events  chan<- Event
	Local   = pkg.Type
)

// Group doc applies to the only spec of the group.
type (
	Single uint
)

// Group doc is not copied to specs of a larger group.
type (
	First  int
	Second int
)

type celsius = Celsius
