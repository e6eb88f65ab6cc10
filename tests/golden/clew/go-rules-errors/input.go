package store

import (
	"errors"
	"os"
	"strconv"
)

// Load checks errors five ways: err_check = 5.
func Load(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if readErr := check(data); readErr != nil {
		return "", readErr
	}
	if nil == parseerr {
		return "", nil
	}
	if (err == nil) {
		return string(data), nil
	}
	if len(data) == 0 || err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	return string(data), nil
}

// Parse discards errors: err_discard = 4 (`n, _`, `_ =`, `_, _`, `var v, _`),
// not `_, err` (the blank is not last) and not `_ = n` (no call).
func Parse(s string) int {
	n, _ := strconv.Atoi(s)
	_ = os.Remove(s)
	_, _ = strconv.Atoi(s)
	_, err := strconv.Atoi(s)
	_ = n
	var v, _ = strconv.Atoi(s)
	return n + v + len(err.Error())
}

// Must panics twice; the closure's panic counts for Must.
func Must(ok bool) {
	if !ok {
		panic(errors.New("not ok"))
	}
	defer func() {
		panic("boom")
	}()
}

// Close returns only an error: error_return = 1 and nothing else.
func (s *Store) Close() (err error) {
	return nil
}

// Quiet counts nothing: these are not error checks (errs, e and
// err.Error() are not error names compared with nil).
func Quiet(err error, errs []error, e error) int {
	if e != nil && errs == nil {
		return 1
	}
	if errs != nil {
		return 2
	}
	if e != nil {
		return 3
	}
	if err.Error() != "" {
		return 4
	}
	// if err != nil { panic("x") } in a comment is nothing.
	s := "if err != nil { panic(err) }"
	return len(s)
}

// Tuple returns (int, error) but has no body work.
func Tuple() (int, error)

type Store struct{}

var parseerr error
