/*
 * compare.c - baselines.json read, checked and written, and the gate's
 * verdict per benchmark.
 *
 * The document:
 *   {"format": "ananke.bench-baselines/1", "tolerance": 0.10,
 *    "benchmarks": {"NAME": {"metric": "instructions", "unit": "...",
 *                            "value": N, "spread": N,
 *                            "wall": {"median_ms": N, "normalized": N},
 *                            "machine": "...", "build": "...",
 *                            "date": "..."}, ...}}
 * Only a slowdown fails the gate; a speed-up, a new benchmark or a
 * baseline nothing measured are reported and pass.
 */
#include "compare.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ananke.h"

static int fail(char *err, size_t size, const char *fmt, const char *a,
                const char *b, const char *c)
{
    snprintf(err, size, fmt, a, b, c);
    return -1;
}

static const char *opt_string(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static int check_entry(const char *source, const char *name, json_t *e,
                       bench_base *b, char *err, size_t size)
{
    static const char *const at = "%s: benchmarks.\"%s\": %s";
    if (!json_is_object(e))
        return fail(err, size, at, source, name, "must be an object");
    json_t *metric = json_object_get(e, "metric");
    json_t *unit = json_object_get(e, "unit");
    json_t *value = json_object_get(e, "value");
    json_t *spread = json_object_get(e, "spread");
    if (!json_is_string(metric) || !json_string_length(metric))
        return fail(err, size, at, source, name,
                    "\"metric\" must be a non-empty string");
    if (!json_is_string(unit))
        return fail(err, size, at, source, name, "\"unit\" must be a string");
    if (!json_is_number(value) || !(json_number_value(value) > 0))
        return fail(err, size, at, source, name,
                    "\"value\" must be a positive number");
    if (spread && (!json_is_number(spread) || json_number_value(spread) < 0))
        return fail(err, size, at, source, name,
                    "\"spread\" must be a number >= 0");
    b->name = name;
    b->metric = json_string_value(metric);
    b->unit = json_string_value(unit);
    b->value = json_number_value(value);
    b->spread = spread ? json_number_value(spread) : 0;
    b->wall_ms = b->wall_norm = -1;
    json_t *wall = json_object_get(e, "wall");
    if (wall) {
        json_t *ms = json_object_get(wall, "median_ms");
        json_t *norm = json_object_get(wall, "normalized");
        if (!json_is_object(wall) || (ms && !json_is_number(ms)) ||
            (norm && !json_is_number(norm)))
            return fail(err, size, at, source, name,
                        "\"wall\" must be an object of numbers");
        b->wall_ms = ms ? json_number_value(ms) : -1;
        b->wall_norm = norm ? json_number_value(norm) : -1;
    }
    b->machine = opt_string(e, "machine");
    b->build = opt_string(e, "build");
    b->date = opt_string(e, "date");
    return 0;
}

int bench_baselines_parse(const char *text, size_t len, const char *source,
                          bench_baselines *out, char *err, size_t size)
{
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!doc) {
        snprintf(err, size, "%s:%d:%d: not valid JSON: %s", source, je.line,
                 je.column, je.text);
        return -1;
    }
    out->doc = doc;
    out->tolerance = BENCH_DEFAULT_TOLERANCE;
    json_t *format = json_object_get(doc, "format");
    json_t *tol = json_object_get(doc, "tolerance");
    json_t *list = json_object_get(doc, "benchmarks");
    int rc = 0;
    if (!json_is_object(doc))
        rc = fail(err, size, "%s: the document must be a JSON object%s%s",
                  source, "", "");
    else if (!json_is_string(format) ||
             strcmp(json_string_value(format), BENCH_BASELINES_FORMAT) != 0)
        rc = fail(err, size, "%s: \"format\" must be \"%s\"%s", source,
                  BENCH_BASELINES_FORMAT, "");
    else if (tol && (!json_is_number(tol) || !(json_number_value(tol) > 0) ||
                     !(json_number_value(tol) < 1)))
        rc = fail(err, size,
                  "%s: \"tolerance\" must be a number between 0 and 1%s%s",
                  source, "", "");
    else if (!json_is_object(list))
        rc = fail(err, size, "%s: \"benchmarks\" must be an object%s%s",
                  source, "", "");
    if (rc) {
        bench_baselines_free(out);
        return -1;
    }
    if (tol)
        out->tolerance = json_number_value(tol);
    out->items = calloc(json_object_size(list) + 1, sizeof *out->items);
    if (!out->items) {
        bench_baselines_free(out);
        return fail(err, size, "%s: out of memory%s%s", source, "", "");
    }
    const char *name;
    json_t *e;
    json_object_foreach(list, name, e)
    {
        if (check_entry(source, name, e, &out->items[out->count], err,
                        size)) {
            bench_baselines_free(out);
            return -1;
        }
        out->count++;
    }
    return 0;
}

char *bench_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, r;
    char *buf = malloc(cap);
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *p = realloc(buf, cap *= 2);
            if (!p)
                free(buf);
            buf = p;
        }
    }
    if (ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

int bench_baselines_load(const char *path, bench_baselines *out, char *err,
                         size_t size)
{
    memset(out, 0, sizeof *out);
    size_t n = 0;
    errno = 0;
    char *buf = bench_read_file(path, &n);
    if (!buf) {
        snprintf(err, size,
                 "%s: %s (make bench-update writes the baselines)", path,
                 strerror(errno ? errno : ENOMEM));
        return -1;
    }
    int rc = bench_baselines_parse(buf, n, path, out, err, size);
    free(buf);
    return rc;
}

void bench_baselines_free(bench_baselines *b)
{
    json_decref(b->doc);
    free(b->items);
    memset(b, 0, sizeof *b);
}

static const bench_base *find(const bench_baselines *b, const char *name)
{
    for (size_t i = 0; i < b->count; i++)
        if (strcmp(b->items[i].name, name) == 0)
            return &b->items[i];
    return NULL;
}

size_t bench_compare(const bench_baselines *b, const bench_measured *m,
                     size_t n, bench_comparison *out, size_t *nout)
{
    size_t k = 0, regressions = 0;
    for (size_t i = 0; i < n; i++) {
        bench_comparison *c = &out[k++];
        memset(c, 0, sizeof *c);
        c->name = m[i].name;
        c->now = m[i].value;
        const bench_base *base = find(b, m[i].name);
        if (!base) {
            c->verdict = BENCH_NEW;
            continue;
        }
        c->base = base->value;
        if (strcmp(base->metric, m[i].metric) != 0 ||
            strcmp(base->unit, m[i].unit) != 0) {
            c->verdict = BENCH_INCOMPARABLE;
            continue;
        }
        c->change = (m[i].value - base->value) / base->value;
        c->limit = b->tolerance + base->spread / base->value;
        c->verdict = c->change > c->limit    ? BENCH_REGRESSED
                     : c->change < -c->limit ? BENCH_IMPROVED
                                             : BENCH_SAME;
        regressions += c->verdict == BENCH_REGRESSED;
        if (base->wall_norm > 0 && m[i].wall_norm > 0) {
            c->has_wall = 1;
            c->wall_change = (m[i].wall_norm - base->wall_norm) /
                             base->wall_norm;
        }
    }
    for (size_t i = 0; i < b->count; i++) {
        int seen = 0;
        for (size_t j = 0; j < n && !seen; j++)
            seen = strcmp(m[j].name, b->items[i].name) == 0;
        if (seen)
            continue;
        bench_comparison *c = &out[k++];
        memset(c, 0, sizeof *c);
        c->name = b->items[i].name;
        c->verdict = BENCH_MISSING;
        c->base = b->items[i].value;
    }
    *nout = k;
    return regressions;
}

void bench_comparison_text(const bench_comparison *c, char *buf, size_t size)
{
    char wall[64] = "";
    if (c->has_wall)
        snprintf(wall, sizeof wall, "; wall clock %+.1f%% (not gated)",
                 c->wall_change * 100);
    switch (c->verdict) {
    case BENCH_SAME:
        snprintf(buf, size, "ok: %.0f vs %.0f (%+.2f%%, limit \u00b1%.0f%%)%s",
                 c->now, c->base, c->change * 100, c->limit * 100, wall);
        break;
    case BENCH_IMPROVED:
        snprintf(buf, size,
                 "improved \u2014 update the baseline: %.0f vs %.0f (%+.2f%%)%s",
                 c->now, c->base, c->change * 100, wall);
        break;
    case BENCH_REGRESSED:
        snprintf(buf, size,
                 "REGRESSED: %.0f vs %.0f (%+.2f%%, limit +%.0f%%)%s", c->now,
                 c->base, c->change * 100, c->limit * 100, wall);
        break;
    case BENCH_NEW:
        snprintf(buf, size,
                 "new: %.0f, no baseline (make bench-update adds it)", c->now);
        break;
    case BENCH_MISSING:
        snprintf(buf, size, "missing: a baseline (%.0f) but not measured in "
                            "this run",
                 c->base);
        break;
    case BENCH_INCOMPARABLE:
        snprintf(buf, size,
                 "not comparable: the metric or unit differs from the "
                 "baseline's (make bench-update)");
        break;
    }
}

/* `v` >= 0 to a tenth (without libm). */
static double tenths(double v)
{
    return (double)(long long)(v * 10 + 0.5) / 10;
}

static json_t *entry(const bench_measured *m, const char *machine,
                     const char *build, const char *date)
{
    json_t *e = json_object();
    json_object_set_new(e, "metric", json_string(m->metric));
    json_object_set_new(e, "unit", json_string(m->unit));
    json_object_set_new(e, "value", json_real(tenths(m->value)));
    json_object_set_new(e, "spread", json_real(tenths(m->spread)));
    if (m->wall_ms > 0) {
        json_t *w = json_object();
        json_object_set_new(w, "median_ms", json_real(m->wall_ms));
        json_object_set_new(w, "normalized", json_real(m->wall_norm));
        json_object_set_new(e, "wall", w);
    }
    json_object_set_new(e, "machine", json_string(machine));
    json_object_set_new(e, "build", json_string(build));
    json_object_set_new(e, "date", json_string(date));
    return e;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int bench_baselines_write(const char *path, const bench_baselines *old,
                          const bench_measured *m, size_t n,
                          const char *machine, const char *build,
                          const char *date, char *err, size_t size)
{
    json_t *all = json_object();
    if (old && old->doc) {
        json_t *list = json_object_get(old->doc, "benchmarks");
        const char *name;
        json_t *e;
        json_object_foreach(list, name, e)
            json_object_set(all, name, e);
    }
    for (size_t i = 0; i < n; i++)
        json_object_set_new(all, m[i].name,
                            entry(&m[i], machine, build, date));
    /* sorted by name, so that the diff of an update is reviewable */
    size_t count = json_object_size(all), k = 0;
    const char **keys = calloc(count + 1, sizeof *keys);
    json_t *doc = json_object(), *sorted = json_object();
    if (!keys || !doc || !sorted) {
        free(keys);
        json_decref(all);
        json_decref(doc);
        json_decref(sorted);
        return fail(err, size, "%s: out of memory%s%s", path, "", "");
    }
    const char *name;
    json_t *e;
    json_object_foreach(all, name, e)
        keys[k++] = name;
    qsort(keys, count, sizeof *keys, by_key);
    for (size_t i = 0; i < count; i++)
        json_object_set(sorted, keys[i], json_object_get(all, keys[i]));
    json_object_set_new(doc, "format", json_string(BENCH_BASELINES_FORMAT));
    json_object_set_new(doc, "tolerance",
                        json_real(old && old->doc ? old->tolerance
                                                  : BENCH_DEFAULT_TOLERANCE));
    json_object_set_new(doc, "benchmarks", sorted);
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
    free(keys);
    json_decref(all);
    json_decref(doc);
    FILE *f = text ? fopen(path, "w") : NULL;
    int rc = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF ? 0 : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    ank_free(text);
    if (rc != 0)
        return fail(err, size, "%s: cannot write: %s%s", path,
                    strerror(errno), "");
    return 0;
}
