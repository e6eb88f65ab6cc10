/*
 * test_pipeline.c - the per-file cache value (round trips on every golden
 * input, corrupt bytes refused), result merging, the thread pool, and
 * cached incremental runs of the pipeline, and files that change while
 * they are read.
 */
#include <glob.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include "../../clew/result.h"
#include "../../ffi/alloc.h"
#include "../../maze/codec.h"
#include "../../maze/pipeline.h"
#include "../../maze/pool.h"
#include "test.h"
#include "tests.h"

static char *slurp(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t cap = 0, len = 0, n;
    do {
        if (len == cap) {
            char *p = realloc(data, cap = cap ? cap * 2 : 4096);
            if (!p)
                break;
            data = p;
        }
        n = fread(data + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    *length = len;
    return data;
}

static char *json_of(ank_result *r)
{
    char *text = NULL;
    CHECK_INT(ank_result_write(r, ANK_FORMAT_JSON, &text, NULL, NULL), ANK_OK);
    return text;
}

/* Re-seal a value after editing it, so that only the structure is checked. */
static void reseal(unsigned char *v, size_t n)
{
    uint64_t h = XXH3_64bits(v, n - 8);
    for (int i = 0; i < 8; i++)
        v[n - 8 + (size_t)i] = (unsigned char)(h >> (8 * i));
}

/* Every truncation and every single-bit flip is refused; edits with a
 * valid checksum never crash and leave the result alone when refused. */
static void corrupt_value(const unsigned char *value, size_t n)
{
    unsigned char *copy = malloc(n);
    ank_result *r = ank_result_new();
    if (!copy || !r) {
        CHECK(0);
        free(copy);
        ank_result_free(r);
        return;
    }
    ank_error stored;
    int refused = 0, tries = 0;
    for (size_t len = 0; len < n; len++)
        refused += ank__codec_decode(value, len, r, &stored) == ANK_ERR_FORMAT;
    CHECK_INT(refused, n);
    refused = tries = 0;
    size_t step = n / 400 + 1;
    for (size_t i = 0; i < n; i += step)
        for (int bit = 0; bit < 8; bit++, tries++) {
            memcpy(copy, value, n);
            copy[i] ^= (unsigned char)(1u << bit);
            refused += ank__codec_decode(copy, n, r, &stored) == ANK_ERR_FORMAT;
        }
    CHECK_INT(refused, tries);
    CHECK_INT(r->nfiles, 0);
    /* Structural damage behind a valid checksum. */
    unsigned seed = 12345;
    for (int k = 0; k < 3000; k++) {
        memcpy(copy, value, n);
        for (int e = 0; e < 1 + k % 4; e++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = 4 + (seed >> 8) % (n - 12);
            copy[at] = (unsigned char)(k % 3 == 0 ? 0xFF : seed >> 3);
        }
        reseal(copy, n);
        size_t before = r->count;
        ank_status st = ank__codec_decode(copy, n, r, &stored);
        CHECK(st == ANK_OK || st == ANK_ERR_FORMAT);
        if (st == ANK_ERR_FORMAT)
            CHECK_INT(r->count, before);
        /* a truncated copy with a valid checksum */
        size_t cut = 12 + (seed >> 4) % (n - 12);
        memcpy(copy, value, cut);
        reseal(copy, cut);
        CHECK_INT(ank__codec_decode(copy, cut, r, &stored), ANK_ERR_FORMAT);
    }
    /* Another format version is not read. */
    memcpy(copy, value, n);
    copy[2]++;
    reseal(copy, n);
    CHECK_INT(ank__codec_decode(copy, n, r, &stored), ANK_ERR_FORMAT);
    ank_result_free(r);
    free(copy);
}

static void test_codec(void)
{
    glob_t g;
    if (glob("tests/golden/clew/*/input.*", 0, NULL, &g) != 0) {
        CHECK(!"no golden inputs (run from the repository root)");
        return;
    }
    CHECK(g.gl_pathc > 40);
    ank_clew *clew = NULL;
    CHECK_INT(ank_clew_new(NULL, &clew, NULL), ANK_OK);
    ank_result *direct_all = ank_result_new();
    ank_result *merged_all = ank_result_new();
    ank_buf richest = ANK_BUF_INIT;
    size_t files = 0;
    for (size_t i = 0; clew && i < g.gl_pathc; i++) {
        const char *path = g.gl_pathv[i];
        size_t len = 0;
        char *src = slurp(path, &len);
        CHECK(src != NULL);
        ank_result *direct = ank_result_new(), *one = ank_result_new();
        ank_result *decoded = ank_result_new();
        ank_status a = ank_clew_extract(clew, ANK_LANG_UNKNOWN, src, len, path,
                                        direct, NULL);
        ank_status b = ank_clew_extract(clew, ANK_LANG_UNKNOWN, src, len, path,
                                        one, NULL);
        CHECK_INT(b, a);
        if (a == ANK_OK) {
            files++;
            CHECK_INT(ank_clew_extract(clew, ANK_LANG_UNKNOWN, src, len, path,
                                       direct_all, NULL), ANK_OK);
            ank_buf enc = ANK_BUF_INIT, again = ANK_BUF_INIT;
            CHECK_INT(ank__codec_encode_file(one, 0, &enc), ANK_OK);
            ank_error stored;
            CHECK_INT(ank__codec_decode(enc.data, enc.len, decoded, &stored),
                      ANK_OK);
            CHECK_INT(stored.code, ANK_OK);
            CHECK_INT(decoded->nfiles, 1);
            CHECK_INT(decoded->count, one->count);
            /* Decoding then encoding gives the same bytes. */
            CHECK_INT(ank__codec_encode_file(decoded, 0, &again), ANK_OK);
            CHECK(again.len == enc.len &&
                  memcmp(again.data, enc.data, enc.len) == 0);
            if (enc.len > richest.len) {
                richest.len = 0;
                ank__buf_append(&richest, enc.data, enc.len);
            }
            ank__buf_release(&again);
            ank__buf_release(&enc);
            /* The project result built from decoded files. */
            ank_result *part = ank_result_new();
            ank_buf enc2 = ANK_BUF_INIT;
            CHECK_INT(ank__codec_encode_file(one, 0, &enc2), ANK_OK);
            CHECK_INT(ank__codec_decode(enc2.data, enc2.len, part, &stored),
                      ANK_OK);
            CHECK_INT(ank__result_merge(merged_all, part), ANK_OK);
            CHECK_INT(part->count + part->nfiles, 0);
            ank_result_free(part);
            ank__buf_release(&enc2);
            CHECK_INT(ank_result_finish(direct, NULL), ANK_OK);
            CHECK_INT(ank_result_finish(decoded, NULL), ANK_OK);
            char *x = json_of(direct), *y = json_of(decoded);
            if (!x || !y || strcmp(x, y) != 0) {
                size_t at = 0;
                while (x && y && x[at] && x[at] == y[at])
                    at++;
                at = at > 60 ? at - 60 : 0;
                fprintf(stderr, "    %s: decoded result differs:\n%.160s\n"
                        "    ---\n%.160s\n", path, x ? x + at : "",
                        y ? y + at : "");
                test_failures++;
            }
            ank_free(x);
            ank_free(y);
        }
        ank_result_free(direct);
        ank_result_free(one);
        ank_result_free(decoded);
        free(src);
    }
    CHECK(files > 40);
    /* Project-level constraints (naming recounted over every identifier)
     * come out the same from decoded files. */
    CHECK_INT(merged_all->nfiles, direct_all->nfiles);
    CHECK_INT(ank_result_finish(direct_all, NULL), ANK_OK);
    CHECK_INT(ank_result_finish(merged_all, NULL), ANK_OK);
    CHECK(merged_all->count > merged_all->project_first);
    char *x = json_of(direct_all), *y = json_of(merged_all);
    CHECK(x && y && strcmp(x, y) == 0);
    ank_free(x);
    ank_free(y);
    if (richest.len > 0)
        corrupt_value((const unsigned char *)richest.data, richest.len);
    ank__buf_release(&richest);

    /* A skipped file's value. */
    ank_buf enc = ANK_BUF_INIT;
    CHECK_INT(ank__codec_encode_failure(ANK_ERR_BINARY, "a.py: binary", &enc),
              ANK_OK);
    ank_result *r = ank_result_new();
    ank_error stored;
    CHECK_INT(ank__codec_decode(enc.data, enc.len, r, &stored), ANK_OK);
    CHECK_INT(stored.code, ANK_ERR_BINARY);
    CHECK_STR(stored.message, "a.py: binary");
    CHECK_INT(r->nfiles + r->count, 0);
    corrupt_value((const unsigned char *)enc.data, enc.len);
    ank_result_free(r);
    ank__buf_release(&enc);
    ank_result_free(direct_all);
    ank_result_free(merged_all);
    ank_clew_free(clew);
    globfree(&g);
}

/* ----------------------------------------------------------------- pool */

typedef struct pool_job {
    uint64_t out[997];
    atomic_uint hits[997];
    atomic_uint workers_seen;
    unsigned max_worker;
} pool_job;

static void square(void *context, size_t i, unsigned worker)
{
    pool_job *j = context;
    j->out[i] = (uint64_t)i * i;
    atomic_fetch_add(&j->hits[i], 1);
    atomic_fetch_or(&j->workers_seen, 1u << (worker & 31));
}

static void test_pool(void)
{
    for (unsigned jobs = 1; jobs <= 4; jobs += 3) {
        ank_pool *pool = NULL;
        CHECK_INT(ank__pool_new(jobs, &pool), ANK_OK);
        if (!pool)
            return;
        CHECK(ank__pool_workers(pool) >= 1 && ank__pool_workers(pool) <= jobs);
        for (int round = 0; round < 3; round++) {
            static pool_job j;
            memset(&j, 0, sizeof j);
            size_t n = round == 1 ? 3 : 997;
            ank__pool_run(pool, n, square, &j);
            int ok = 1;
            for (size_t i = 0; i < 997; i++)
                ok &= i < n ? j.out[i] == (uint64_t)i * i && j.hits[i] == 1
                            : j.hits[i] == 0;
            CHECK(ok);
            /* only workers the pool has */
            CHECK((atomic_load(&j.workers_seen) >> ank__pool_workers(pool)) ==
                  0);
        }
        ank__pool_run(pool, 0, square, NULL);
        ank__pool_free(pool);
    }
    CHECK(ank__pool_default_jobs() >= 1);
}

/* ------------------------------------------------------------- pipeline */

static void write_text(const char *dir, const char *name, const char *text,
                       size_t len, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (len == (size_t)-1)
        len = strlen(text);
    if (f) {
        fwrite(text, 1, len, f);
        fclose(f);
    }
}

enum { NFILES = 5 };

/* Run the pipeline over the fixture; returns the JSON (ank_free). */
static char *run_once(ank_pipeline_file *files, ank_cache *cache,
                      unsigned jobs, ank_pipeline_stats *stats)
{
    ank_pipeline_options o = {.jobs = jobs, .cache = cache};
    ank_result *r = ank_result_new();
    ank_error e;
    for (size_t i = 0; i < NFILES; i++)
        files[i].status = ANK_OK;
    files[4].status = ANK_ERR_UNSUPPORTED_LANGUAGE; /* given as skipped */
    ank__pipeline_files_release(files, NFILES);
    CHECK_INT(ank__pipeline_run(files, NFILES, &o, r, stats, &e), ANK_OK);
    CHECK(r->finished);
    char *text = json_of(r);
    ank_result_free(r);
    return text;
}

static void test_pipeline_runs(void)
{
    char dir[] = "/tmp/ank-pipeline-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    char paths[NFILES][256];
    write_text(dir, "a.py", "def get_value(x: int) -> int:\n    return x\n",
               (size_t)-1, paths[0], sizeof paths[0]);
    write_text(dir, "b.ts", "export function makeThing(n: number): string "
               "{ return ''; }\n", (size_t)-1, paths[1], sizeof paths[1]);
    write_text(dir, "c.py", "x = 1\0\0binary", 14, paths[2], sizeof paths[2]);
    snprintf(paths[3], sizeof paths[3], "%s/missing.go", dir);
    snprintf(paths[4], sizeof paths[4], "%s/d.txt", dir);
    ank_pipeline_file files[NFILES] = {
        {.path = paths[0], .lang = ANK_LANG_PYTHON},
        {.path = paths[1], .lang = ANK_LANG_TYPESCRIPT},
        {.path = paths[2], .lang = ANK_LANG_PYTHON},
        {.path = paths[3], .lang = ANK_LANG_GO},
        {.path = paths[4], .lang = ANK_LANG_UNKNOWN}};

    ank_pipeline_stats s;
    char *plain = run_once(files, NULL, 1, &s);
    CHECK_INT(s.files, NFILES);
    CHECK_INT(s.parsed, 3); /* the missing file is never parsed */
    CHECK_INT(s.hits, 0);
    CHECK_INT(s.errors, 3);
    CHECK_INT(files[0].status, ANK_OK);
    CHECK_INT(files[2].status, ANK_ERR_BINARY);
    CHECK_INT(files[3].status, ANK_ERR_NOT_FOUND);
    CHECK(files[3].message && strstr(files[3].message, "missing.go"));
    CHECK(plain && strstr(plain, "\"reason\": \"binary\""));
    CHECK(plain && strstr(plain, "\"reason\": \"unsupported language\""));
    CHECK(plain && strstr(plain, "get_value") && strstr(plain, "makeThing"));

    ank_cache_options co = {.no_disk = true};
    ank_cache *cache = NULL;
    CHECK_INT(ank__cache_open(&co, &cache, NULL), ANK_OK);
    char *cold = run_once(files, cache, 1, &s);
    CHECK_INT(s.parsed, 3);
    CHECK_INT(s.misses, 3);
    CHECK_INT(s.hits, 0);
    char *warm = run_once(files, cache, 1, &s);
    CHECK_INT(s.parsed, 0);
    CHECK_INT(s.hits, 3); /* the binary file's verdict is cached too */
    CHECK_INT(s.memory_hits, 3);
    CHECK(files[0].cached && files[2].cached && !files[3].cached);
    CHECK_INT(files[2].status, ANK_ERR_BINARY);
    CHECK(plain && cold && warm && strcmp(plain, cold) == 0 &&
          strcmp(cold, warm) == 0);
    /* One file changes: only it is parsed again. */
    write_text(dir, "a.py", "def get_other(y: str) -> str:\n    return y\n",
               (size_t)-1, paths[0], sizeof paths[0]);
    char *changed = run_once(files, cache, 1, &s);
    CHECK_INT(s.parsed, 1);
    CHECK_INT(s.hits, 2);
    CHECK(changed && strstr(changed, "get_other") && !strstr(changed, "get_value"));
    /* Other options are other keys. */
    ank_pipeline_options o = {.jobs = 1, .cache = cache,
                              .clew = {.flags = ANK_CLEW_DECLARATIONS_ONLY}};
    ank_result *r = ank_result_new();
    ank__pipeline_files_release(files, NFILES);
    for (size_t i = 0; i < NFILES - 1; i++)
        files[i].status = ANK_OK;
    CHECK_INT(ank__pipeline_run(files, NFILES, &o, r, &s, NULL), ANK_OK);
    CHECK_INT(s.parsed, 3);
    CHECK_INT(s.hits, 0);
    ank_result_free(r);

    ank__pipeline_files_release(files, NFILES);
    ank__cache_close(cache);
    ank_free(plain);
    ank_free(cold);
    ank_free(warm);
    ank_free(changed);
    unlink(paths[0]);
    unlink(paths[1]);
    unlink(paths[2]);
    rmdir(dir);
}

/* A file rewritten between its stat and its read: read again, or given
 * up when it keeps changing; the other files are not disturbed. */
static int rewrites; /* attempts that rewrite the file: 1 or 2 */

static void rewrite_hook(const char *path, int attempt)
{
    if (attempt >= rewrites || !strstr(path, "moving.py"))
        return;
    FILE *f = fopen(path, "wb");
    if (f) {
        fprintf(f, "def after_change_%d(z: float) -> float:\n"
                   "    return z * 2.0\n", attempt);
        fclose(f);
    }
}

static void test_changing_file(void)
{
    char dir[] = "/tmp/ank-pipeline-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    char moving[256], still[256];
    for (rewrites = 1; rewrites <= 2; rewrites++) {
        write_text(dir, "moving.py", "def before(x):\n    return x\n",
                   (size_t)-1, moving, sizeof moving);
        write_text(dir, "still.py", "def unchanged(y):\n    return y\n",
                   (size_t)-1, still, sizeof still);
        ank_pipeline_file files[2] = {
            {.path = moving, .lang = ANK_LANG_PYTHON},
            {.path = still, .lang = ANK_LANG_PYTHON}};
        ank_pipeline_options o = {.jobs = 2};
        ank_pipeline_stats s;
        ank_result *r = ank_result_new();
        ank__pipeline_read_hook = rewrite_hook;
        CHECK_INT(ank__pipeline_run(files, 2, &o, r, &s, NULL), ANK_OK);
        ank__pipeline_read_hook = NULL;
        char *text = json_of(r);
        CHECK(text && strstr(text, "unchanged"));
        CHECK(text && !strstr(text, "\"before\""));
        if (rewrites == 1) {
            /* changed once: the second read is the one extracted */
            CHECK_INT(files[0].status, ANK_OK);
            CHECK_INT(s.errors, 0);
            CHECK(text && strstr(text, "after_change_0"));
        } else {
            /* changed on every read: skipped, with the reason */
            CHECK_INT(files[0].status, ANK_ERR_IO);
            CHECK(files[0].message &&
                  strstr(files[0].message, "changed while being read"));
            CHECK_INT(s.errors, 1);
            CHECK(text && !strstr(text, "after_change"));
        }
        CHECK_INT(files[1].status, ANK_OK);
        ank_free(text);
        ank_result_free(r);
        ank__pipeline_files_release(files, 2);
    }
    unlink(moving);
    unlink(still);
    rmdir(dir);
}

void test_pipeline(void)
{
    test_codec();
    test_pool();
    test_pipeline_runs();
    test_changing_file();
}
