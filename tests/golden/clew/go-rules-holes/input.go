package holes

import "errors"

// Todo is a one-statement hole.
func Todo(id int) (string, error) {
	panic("TODO")
}

type Server struct {
	addr string
	port int
}

// Start has two holes: a marker comment and panic("not implemented: ...").
func (s *Server) Start() error {
	// ananke:hole — open the listener
	if s.port == 0 {
		panic("Not Implemented: port selection")
	}
	return nil
}

// Unimplemented uses a raw string, in a switch case.
func Unimplemented(kind string) int {
	switch kind {
	case "a":
		return 1
	default:
		panic(`unimplemented`)
	}
}

// Closure: the hole in the literal belongs to Closure.
func Closure() func() int {
	return func() int {
		/* ananke:hole */
		panic("todo: closure body")
	}
}

// NotHoles: panics that are not holes (counted as panic).
func NotHoles(err error) {
	panic("todos are not a marker")
	panic("TODO" + "x")
	panic(errors.New("not implemented"))
	panic(err)
	panic("something went wrong")
	// a comment without the marker
	s := "ananke:hole in a string"
	_ = s
}

// ananke:hole outside a function body is not a hole.
var limit = 10

func Params(/* ananke:hole */ x int) {}
