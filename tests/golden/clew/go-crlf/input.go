package crlf

import (
	"io"
	x "example.com/x"
)

// Reader wraps a source.
// Second line.
type Reader struct {
	src io.Reader // the source
	// Buf is the buffer.
	Buf []byte `json:"buf,omitempty"`
}

// Read reads
// into p.
func (r *Reader) Read(
	p []byte,
	n int,
) (int, error) {
	return 0, nil
}

type Kind int

const (
	KindA Kind = iota // first
	KindB
)
