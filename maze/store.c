/*
 * store.c - the disk layer: a SQLite database in WAL mode, so that readers
 * never wait and several processes share it, with a busy timeout for the
 * writers.
 *
 *   entries(key PRIMARY KEY, checksum, size, used, blob)  small rows
 *   blobs(id INTEGER PRIMARY KEY, value)                 the values
 *   meta(entries, bytes)    kept exact by triggers on entries
 *   PRAGMA user_version     ANK_STORE_FORMAT; anything else is dropped
 *
 * Invariants: a value is served only when its blob has `size` bytes and
 * XXH3-64 `checksum`; anything else is deleted on sight.  `used` is a
 * unix time in microseconds, strictly increasing within one process, so
 * eviction (oldest `used` first, ties by rowid) is least recently used.
 * Hits do not write: the keys they touched are queued and their `used`
 * updated in one transaction before the next eviction, when the queue is
 * full, and on close.  Values live apart from the bookkeeping so that
 * those updates rewrite a few dense pages, not one page per value.
 * Triggers delete a value with its entry.
 */
#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>
#include <xxhash.h>

#include "../ffi/alloc.h"

#define BUSY_TIMEOUT_MS 5000
#define BUSY_RETRY_MS 10 /* between attempts to open a busy database */
#define PENDING_MAX 64
#define KEY_BYTES 16

enum {
    S_GET,
    S_TOUCH,
    S_PUT_BLOB,
    S_PUT,
    S_DELETE,
    S_TOTAL,
    S_OLDEST,
    S_EVICT,
    S_CLEAR,
    S_ZERO,
    S_BEGIN,
    S_COMMIT,
    S_ROLLBACK,
    S_COUNT_
};

static const char *const statement_sql[S_COUNT_] = {
    [S_GET] = "SELECT b.value, e.checksum, e.size FROM entries AS e"
              " LEFT JOIN blobs AS b ON b.id = e.blob WHERE e.key = ?1",
    [S_TOUCH] = "UPDATE entries SET used = ?1 WHERE key = ?2 AND used < ?1",
    [S_PUT_BLOB] = "INSERT INTO blobs(value) VALUES (?1)",
    [S_PUT] = "INSERT INTO entries(key, checksum, size, used, blob) "
              "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(key) DO UPDATE SET "
              "checksum = excluded.checksum, size = excluded.size, "
              "used = excluded.used, blob = excluded.blob",
    [S_DELETE] = "DELETE FROM entries WHERE key = ?1",
    [S_TOTAL] = "SELECT entries, bytes FROM meta WHERE id = 0",
    [S_OLDEST] = "SELECT used, key, size FROM entries ORDER BY used, key",
    [S_EVICT] = "DELETE FROM entries WHERE used <= ?1 AND "
                "(used < ?1 OR key <= ?2)",
    [S_CLEAR] = "DELETE FROM entries",
    [S_ZERO] = "UPDATE meta SET entries = 0, bytes = 0 WHERE id = 0",
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
};

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS entries("
    " key BLOB PRIMARY KEY NOT NULL, checksum INTEGER NOT NULL,"
    " size INTEGER NOT NULL, used INTEGER NOT NULL, blob INTEGER NOT NULL)"
    " WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS entries_used ON entries(used);"
    "CREATE TABLE IF NOT EXISTS blobs(id INTEGER PRIMARY KEY, value BLOB);"
    "CREATE TABLE IF NOT EXISTS meta("
    " id INTEGER PRIMARY KEY CHECK (id = 0),"
    " entries INTEGER NOT NULL, bytes INTEGER NOT NULL);"
    "INSERT OR IGNORE INTO meta VALUES (0, 0, 0);"
    "CREATE TRIGGER IF NOT EXISTS entries_insert AFTER INSERT ON entries"
    " BEGIN UPDATE meta SET entries = entries + 1, bytes = bytes + NEW.size"
    " WHERE id = 0; END;"
    "CREATE TRIGGER IF NOT EXISTS entries_delete AFTER DELETE ON entries"
    " BEGIN UPDATE meta SET entries = entries - 1, bytes = bytes - OLD.size"
    " WHERE id = 0; DELETE FROM blobs WHERE id = OLD.blob; END;"
    "CREATE TRIGGER IF NOT EXISTS entries_reblob AFTER UPDATE OF blob"
    " ON entries WHEN OLD.blob != NEW.blob"
    " BEGIN DELETE FROM blobs WHERE id = OLD.blob; END;"
    "CREATE TRIGGER IF NOT EXISTS entries_resize AFTER UPDATE OF size"
    " ON entries BEGIN UPDATE meta SET bytes = bytes - OLD.size + NEW.size"
    " WHERE id = 0; END;";

struct ank_store {
    sqlite3 *db;
    sqlite3_stmt *stmt[S_COUNT_];
    uint64_t cap;
    int64_t clock; /* the last `used` value handed out */
    size_t npending;
    unsigned char pending[PENDING_MAX][KEY_BYTES];
    int64_t pending_used[PENDING_MAX];
    ank_store_file file; /* the database file, as opened */
};

static void encode_key(ank_cache_key key, unsigned char out[KEY_BYTES])
{
    for (int i = 0; i < 8; i++) {
        out[i] = (unsigned char)(key.hi >> (56 - 8 * i));
        out[8 + i] = (unsigned char)(key.lo >> (56 - 8 * i));
    }
}

static int64_t next_use(ank_store *s)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int64_t now = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    if (now <= s->clock)
        now = s->clock + 1;
    s->clock = now;
    return now;
}

static int damaged(int rc)
{
    rc &= 0xff;
    return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

static ank_store_result failure(int rc)
{
    return damaged(rc) ? ANK_STORE_BROKEN : ANK_STORE_FAILED;
}

/* Run a statement that returns no rows we need; SQLITE_DONE on success. */
static int run(ank_store *s, int which)
{
    sqlite3_stmt *st = s->stmt[which];
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    sqlite3_reset(st);
    return rc;
}

/* SQLITE_DONE, or the error, having rolled back. */
static int commit(ank_store *s)
{
    int rc = run(s, S_COMMIT);
    if (rc != SQLITE_DONE && !sqlite3_get_autocommit(s->db))
        run(s, S_ROLLBACK);
    return rc;
}

/* Write the queued `used` updates; called inside a transaction or, with
 * `own_transaction`, in one of its own.  Best effort: on failure the
 * queue is dropped, which only makes the entries look older. */
static void flush_touches(ank_store *s, int own_transaction)
{
    if (!s->npending)
        return;
    if (own_transaction && run(s, S_BEGIN) != SQLITE_DONE) {
        s->npending = 0;
        return;
    }
    sqlite3_stmt *st = s->stmt[S_TOUCH];
    for (size_t i = 0; i < s->npending; i++) {
        sqlite3_bind_int64(st, 1, s->pending_used[i]);
        sqlite3_bind_blob(st, 2, s->pending[i], KEY_BYTES, SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    s->npending = 0;
    if (own_transaction)
        commit(s);
}

static void touch(ank_store *s, const unsigned char key[KEY_BYTES])
{
    if (s->npending == PENDING_MAX)
        flush_touches(s, 1);
    memcpy(s->pending[s->npending], key, KEY_BYTES);
    s->pending_used[s->npending++] = next_use(s);
}

/* entries and bytes from the meta row. */
static int read_total(ank_store *s, uint64_t *entries, uint64_t *bytes)
{
    sqlite3_stmt *st = s->stmt[S_TOTAL];
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        sqlite3_int64 e = sqlite3_column_int64(st, 0);
        sqlite3_int64 b = sqlite3_column_int64(st, 1);
        *entries = e > 0 ? (uint64_t)e : 0;
        *bytes = b > 0 ? (uint64_t)b : 0;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW;
}

/* Inside a transaction: when the total exceeds the cap, delete the least
 * recently used entries until at most 90% of it is left. */
static void evict(ank_store *s)
{
    uint64_t entries, bytes;
    if (!read_total(s, &entries, &bytes) || bytes <= s->cap)
        return;
    flush_touches(s, 0);
    uint64_t excess = bytes - (s->cap - s->cap / 10), freed = 0;
    sqlite3_int64 last_used = 0;
    unsigned char last_key[KEY_BYTES] = {0};
    int last_key_bytes = 0, found = 0;
    sqlite3_stmt *st = s->stmt[S_OLDEST];
    while (freed < excess && sqlite3_step(st) == SQLITE_ROW) {
        last_used = sqlite3_column_int64(st, 0);
        const void *k = sqlite3_column_blob(st, 1);
        last_key_bytes = sqlite3_column_bytes(st, 1);
        if (last_key_bytes > KEY_BYTES)
            last_key_bytes = KEY_BYTES;
        if (k && last_key_bytes)
            memcpy(last_key, k, (size_t)last_key_bytes);
        sqlite3_int64 size = sqlite3_column_int64(st, 2);
        freed += size > 0 ? (uint64_t)size : 0;
        found = 1;
    }
    sqlite3_reset(st);
    if (!found)
        return;
    st = s->stmt[S_EVICT];
    sqlite3_bind_int64(st, 1, last_used);
    sqlite3_bind_blob(st, 2, last_key, last_key_bytes, SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_reset(st);
}

ank_store_result ank__store_get(ank_store *s, ank_cache_key key, void **data,
                                size_t *length)
{
    unsigned char k[KEY_BYTES];
    encode_key(key, k);
    sqlite3_stmt *st = s->stmt[S_GET];
    sqlite3_bind_blob(st, 1, k, KEY_BYTES, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? ANK_STORE_MISS : failure(rc);
    }
    const void *blob = sqlite3_column_blob(st, 0);
    size_t n = (size_t)sqlite3_column_bytes(st, 0);
    int sound = sqlite3_column_type(st, 0) == SQLITE_BLOB &&
                sqlite3_column_type(st, 1) == SQLITE_INTEGER &&
                sqlite3_column_type(st, 2) == SQLITE_INTEGER &&
                sqlite3_column_int64(st, 2) == (sqlite3_int64)n &&
                (uint64_t)sqlite3_column_int64(st, 1) == XXH3_64bits(blob, n);
    void *copy = NULL;
    if (sound) {
        copy = ank__malloc(n);
        if (copy && n)
            memcpy(copy, blob, n);
    }
    sqlite3_reset(st);
    if (!sound) {
        st = s->stmt[S_DELETE];
        sqlite3_bind_blob(st, 1, k, KEY_BYTES, SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_reset(st);
        return ANK_STORE_CORRUPT;
    }
    if (!copy)
        return ANK_STORE_FAILED;
    touch(s, k);
    *data = copy;
    *length = n;
    return ANK_STORE_HIT;
}

ank_store_result ank__store_put(ank_store *s, ank_cache_key key,
                                const void *data, size_t length)
{
    if (length > s->cap || length > (size_t)INT32_MAX)
        return ANK_STORE_MISS;
    unsigned char k[KEY_BYTES];
    encode_key(key, k);
    int rc = run(s, S_BEGIN);
    if (rc != SQLITE_DONE)
        return failure(rc);
    sqlite3_stmt *st = s->stmt[S_PUT_BLOB];
    /* a non-NULL pointer, so that an empty value is an empty blob */
    sqlite3_bind_blob(st, 1, length ? data : (const void *)"", (int)length,
                      SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc == SQLITE_DONE) {
        st = s->stmt[S_PUT];
        sqlite3_bind_blob(st, 1, k, KEY_BYTES, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)XXH3_64bits(data, length));
        sqlite3_bind_int64(st, 3, (sqlite3_int64)length);
        sqlite3_bind_int64(st, 4, next_use(s));
        sqlite3_bind_int64(st, 5, sqlite3_last_insert_rowid(s->db));
        rc = sqlite3_step(st);
        sqlite3_reset(st);
    }
    if (rc != SQLITE_DONE) {
        run(s, S_ROLLBACK);
        return failure(rc);
    }
    evict(s);
    rc = commit(s);
    return rc == SQLITE_DONE ? ANK_STORE_HIT : failure(rc);
}

ank_store_result ank__store_clear(ank_store *s)
{
    s->npending = 0;
    int rc = run(s, S_BEGIN);
    if (rc != SQLITE_DONE)
        return failure(rc);
    rc = run(s, S_CLEAR);
    if (rc == SQLITE_DONE)
        rc = run(s, S_ZERO);
    if (rc != SQLITE_DONE) {
        run(s, S_ROLLBACK);
        return failure(rc);
    }
    rc = commit(s);
    if (rc != SQLITE_DONE)
        return failure(rc);
    /* Shrinking needs the database to itself: try once, do not wait. */
    sqlite3_busy_timeout(s->db, 0);
    sqlite3_exec(s->db, "VACUUM; PRAGMA wal_checkpoint(TRUNCATE)", NULL,
                 NULL, NULL);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    return ANK_STORE_HIT;
}

bool ank__store_count(ank_store *s, uint64_t *entries, uint64_t *bytes)
{
    flush_touches(s, 1);
    return read_total(s, entries, bytes);
}

const char *ank__store_error(ank_store *s) { return sqlite3_errmsg(s->db); }

static void close_db(ank_store *s)
{
    for (int i = 0; i < S_COUNT_; i++) {
        sqlite3_finalize(s->stmt[i]);
        s->stmt[i] = NULL;
    }
    sqlite3_close_v2(s->db);
    s->db = NULL;
}

void ank__store_close(ank_store *s)
{
    if (!s)
        return;
    if (s->db && s->stmt[S_TOUCH])
        flush_touches(s, 1);
    close_db(s);
    ank__free(s);
}

static int read_user_version(sqlite3 *db, int *version)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *version = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Open the file, set it up and prepare every statement.  SQLITE_OK, or
 * the code of the first failure. */
static int setup(ank_store *s, const char *path)
{
    int rc = sqlite3_open_v2(path, &s->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                 SQLITE_OPEN_NOMUTEX,
                             NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    rc = sqlite3_exec(s->db,
                      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL",
                      NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return rc;
    int version = 0;
    rc = read_user_version(s->db, &version);
    if (rc == SQLITE_OK && version != ANK_STORE_FORMAT) {
        char sql[160];
        snprintf(sql, sizeof sql,
                 "DROP TABLE IF EXISTS entries; DROP TABLE IF EXISTS blobs;"
                 " DROP TABLE IF EXISTS meta;"
                 " PRAGMA user_version = %d",
                 ANK_STORE_FORMAT);
        rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(s->db, schema_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return rc;
    for (int i = 0; i < S_COUNT_; i++) {
        rc = sqlite3_prepare_v3(s->db, statement_sql[i], -1,
                                SQLITE_PREPARE_PERSISTENT, &s->stmt[i], NULL);
        /* the tables exist but are not ours: treat as damaged */
        if (rc != SQLITE_OK)
            return rc == SQLITE_ERROR ? SQLITE_CORRUPT : rc;
    }
    return SQLITE_OK;
}

static bool file_of(const char *path, ank_store_file *f)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    f->dev = (uint64_t)st.st_dev;
    f->ino = (uint64_t)st.st_ino;
    return true;
}

void ank__store_file(const ank_store *s, ank_store_file *out)
{
    *out = s->file;
}

/* Move a damaged database out of the way, with its WAL and shared-memory
 * files.  0 on success; `aside` receives the new name. */
static int move_aside(const char *path, char *aside, size_t size)
{
    snprintf(aside, size, "%s.corrupt", path);
    if (rename(path, aside) != 0 && errno != ENOENT) {
        if (unlink(path) != 0 && errno != ENOENT)
            return -1;
        snprintf(aside, size, "(deleted)");
    }
    static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char side[4096];
        if ((size_t)snprintf(side, sizeof side, "%s%s", path, suffixes[i]) <
            sizeof side)
            unlink(side);
    }
    return 0;
}

ank_status ank__store_open(const char *path, uint64_t cap,
                           const ank_store_file *damaged_file,
                           ank_store **out, char *note, size_t note_size)
{
    *out = NULL;
    note[0] = '\0';
    ank_store *s = ank__calloc(1, sizeof *s);
    if (!s)
        return ANK_ERR_NOMEM;
    s->cap = cap;
    ank_store_file bad = {0, 0}, now;
    bool have_bad = damaged_file != NULL;
    if (have_bad)
        bad = *damaged_file;
    char aside[4096], why[256] = "damaged";
    int busy_waits = 0;
    for (int attempt = 0;; attempt++) {
        /* Only the file found damaged is moved: when another process has
         * already replaced it, the replacement is used as it is. */
        if (have_bad && file_of(path, &now) && now.dev == bad.dev &&
            now.ino == bad.ino) {
            if (move_aside(path, aside, sizeof aside) != 0) {
                snprintf(note, note_size,
                         "%s is not a usable database (%s) and cannot be "
                         "replaced: %s",
                         path, why, strerror(errno));
                break;
            }
            snprintf(note, note_size,
                     "%s was not a usable database (%s); moved it to %s and "
                     "started afresh",
                     path, why, aside);
        }
        bool existed = file_of(path, &now);
        int rc = setup(s, path);
        if (rc == SQLITE_OK) {
            file_of(path, &s->file);
            *out = s;
            return ANK_OK;
        }
        snprintf(why, sizeof why, "%s",
                 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        close_db(s);
        /* Another process is creating the database or switching it to
         * WAL: that can fail at once, without the busy handler, so wait
         * and try again (for as long as the busy timeout). */
        if (((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) &&
            busy_waits < BUSY_TIMEOUT_MS / BUSY_RETRY_MS) {
            busy_waits++;
            attempt--;
            struct timespec pause = {0, BUSY_RETRY_MS * 1000000L};
            nanosleep(&pause, NULL);
            continue;
        }
        if (!damaged(rc) || attempt > 0) {
            snprintf(note, note_size, "cannot use %s: %s", path, why);
            break;
        }
        have_bad = existed || file_of(path, &now);
        bad = now;
    }
    ank__free(s);
    return ANK_ERR_IO;
}
