package broken

import "fmt"

// Good is fine.
func Good(a int) string { return fmt.Sprint(a) }

// Broken has an unterminated parameter list.
func Broken(a int, b {
	return
}

type Config struct {
	Name string `json:"name"`
	Port int +
}

// After the errors, declarations still parse.
func After(x float64) (float64, error) { return x, nil }

type Mode int

const (
	Fast Mode = iota
	Slow
)

func (c *Config) Valid() bool { return c.Name != "" }

// Open never closes its if block.
func Open(a int) {
	if a > 0 {
		return
}

// Next follows the unclosed block; it is recovered.
func Next(b string) error { return nil }

type Tail struct{ A int }
