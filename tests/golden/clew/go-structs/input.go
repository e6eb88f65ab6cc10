package model

import "sync"

// User is a person.
type User struct {
	// ID is the primary key.
	ID int64
	First, Last string // shared type
	// Above wins over the trailing comment.
	Email string // ignored
	// Not a doc: a blank line follows.

	Age  uint8
	tags []string

	*Base          // embedded pointer
	sync.Mutex
	Named[string]
	*pkg.Remote[int]

	Address struct {
		Street string
		Zip    *string
	}
	_ [0]func()
}

type empty struct{}

type Point struct{ X, Y float64 }
