package store

// Store persists records.
type Store interface {
	io.Closer
	fmt.Stringer

	// Get loads one record.
	Get(ctx context.Context, id string) (*Record, error)
	Put(r *Record) error // Put saves r.
	list(prefix string, limit int) []string
	Watch(func(Event)) <-chan Event
	Each(fn func(k, v string) bool)
}

type Any interface{}

type Integer interface {
	~int | ~int8 | int16
	comparable
}

type reader interface{ Read(p []byte) (n int, err error) }
