package users

import (
	"database/sql"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

const defaultLimit = 50

var ErrNotFound = errors.New("user not found")

// Repo stores users.
type Repo struct {
	db    *sql.DB
	table string
}

// Find loads one user by name.
func (r *Repo) Find(name string) (string, error) {
	query := fmt.Sprintf("SELECT id FROM %s WHERE name = '%s'", r.table, name)
	row := r.db.QueryRow(query)
	var id string
	if err := row.Scan(&id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", ErrNotFound
		}
		return "", err
	}
	return id, nil
}

// List returns up to limit names.
func (r *Repo) List(limit int) ([]string, error) {
	if limit <= 0 {
		limit = defaultLimit
	}
	rows, err := r.db.Query("SELECT name FROM users LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("list: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if scanErr := rows.Scan(&n); scanErr != nil {
			return nil, scanErr
		}
		names = append(names, strings.TrimSpace(n))
	}
	return names, rows.Err()
}

// Export writes the users to a file through a shell.
func (r *Repo) Export(path string) error {
	names, _ := r.List(0)
	cmd := exec.Command("sh", "-c", "cat > "+path)
	cmd.Stdin = strings.NewReader(strings.Join(names, "\n"))
	return cmd.Run()
}

// Delete removes a user.
func (r *Repo) Delete(name string) error {
	panic("not implemented")
}

// MustFind panics when the user is missing.
func MustFind(r *Repo, name string) string {
	id, err := r.Find(name)
	if err != nil {
		panic(err)
	}
	return id
}
