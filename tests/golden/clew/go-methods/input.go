package server

// Close is declared before its receiver type.
func (s *Server) Close() error { return nil }

// Server serves.
type Server struct {
	addr string
}

// Start starts the server on addr.
func (s *Server) Start(addr string, opts ...Option) (err error) {
	return nil
}

func (s Server) Addr() string { return s.addr }

func (Server) Kind() string { return "server" }

func (*Server) reset() {}

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p *Pair[K, V]) Swap() Pair[K, V] { return *p }

func (p Pair[_, V]) Value() V { return p.Val }

// Methods on a type declared elsewhere are kept; no shape lists them.
func (o Other) Name() string { return "" }

type Option func(*Server)
