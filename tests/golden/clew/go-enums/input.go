package color

// Consts may come before their type.
const (
	// Red is the first color.
	Red Color = iota
	Green // Green follows red.
	Blue
	_
	Max       = 10 // untyped: not a variant
	Cyan  Color = iota + 100
	Magenta
)

// Color is an enum.
type Color int

type Level uint8

const (
	Debug, Info Level = 1, 2
	Warn, Error
)

// Fatal is a single typed constant.
const Fatal Level = 9

const Other Alias = 1

type Alias = int

const Remote pkg.Kind = 3

type Mode string

const (
	Read  Mode = "r"
	Write Mode = `w`
	size       = 3
	Exec  Mode = "x" + "!"
)
