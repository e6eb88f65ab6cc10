// Package docs is documented here; this is not a declaration's doc.
package docs

/* Block is documented by a block comment. */
func Block() {}

/*
   Multi starts on the second line of a block comment.
   More text.
*/
func Multi() {}

type T int // T's trailing comment is its doc (ungrouped spec)

func NotDocumented() {}

//
// Blank leading comment lines are skipped.
func BlankFirst() {}

//go:generate stringer -type=Mode
//go:build linux
//line foo.go:10
//export Exported
//nolint:errcheck
func DirectivesOnly() {}

// Real doc comes after
//go:noinline
// and directives inside are skipped.
func Mixed() {}

var v = 1 // a trailing comment of a var
func AfterVar() {}

//	Indented doc keeps its text.
func Indented() {}

type Level int

const Top Level = 1 // Top is documented by its trailing comment.
