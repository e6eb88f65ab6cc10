package sec

import (
	"context"
	"crypto/tls"
	"database/sql"
	"fmt"
	"os/exec"
	"unsafe"
)

// Findings: one of each pattern, and the variants.
func Findings(ctx context.Context, db *sql.DB, name string, p unsafe.Pointer) {
	exec.Command("sh", "-c", "ls "+name)
	exec.CommandContext(ctx, "/bin/bash", "-ec", name)
	cfg := &tls.Config{InsecureSkipVerify: true}
	db.Query(fmt.Sprintf("SELECT * FROM t WHERE name = '%s'", name))
	q := fmt.Sprintf("DELETE FROM t WHERE name = '%s'", name)
	db.ExecContext(ctx, q)
	n := *(*int)(unsafe.Pointer(&name))
	_, _ = cfg, n
}

// LookAlikes: none of these is a finding.
func LookAlikes(ctx context.Context, db *sql.DB, name string) {
	// exec.Command("sh", "-c", name) in a comment
	/* tls.Config{InsecureSkipVerify: true} */
	s := `exec.Command("sh", "-c", x); unsafe.Pointer(p)`
	t := "db.Query(fmt.Sprintf(\"%s\", x))"
	exec.Command("ls", "-c", name)
	exec.Command("sh", name)
	exec.Command(name, "-c", s)
	cfg := &tls.Config{InsecureSkipVerify: false, ServerName: t}
	db.Query("SELECT * FROM t WHERE name = ?", name)
	q := fmt.Sprintf("SELECT %d", 1)
	q = "SELECT 1"
	db.Query(q)
	db.Query(name, fmt.Sprintf("%s", name))
	db.Prepare(fmt.Sprintf("SELECT %s", name))
	var size = unsafe.Sizeof(name)
	_, _ = cfg, size
}
