/*
 * sarif_write.c - the security findings of a result as a SARIF 2.1.0 log,
 * the format code-scanning services ingest.
 *
 * One run; the tool's rules are the catalog patterns that have findings,
 * sorted by id; each result points at the finding's file, lines and byte
 * range.  Columns are left out: SARIF counts them in UTF-16 code units or
 * code points, and ananke's are bytes, so the byte offset and length carry
 * the exact place instead.
 */
#include <stdlib.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "jw.h"
#include "result.h"

static int by_pattern_id(const void *a, const void *b)
{
    const ank_pattern *x = *(const ank_pattern *const *)a;
    const ank_pattern *y = *(const ank_pattern *const *)b;
    return strcmp(x->id, y->id);
}

static const char *level(ank_severity s)
{
    return s == ANK_SEV_ERROR ? "error" : s == ANK_SEV_WARNING ? "warning" : "note";
}

void ank__write_sarif(const ank_result *r, ank_buf *out)
{
    /* The distinct patterns found, sorted: they are the rules. */
    const ank_pattern **rules = NULL;
    size_t nrules = 0;
    if (r->count) {
        rules = ank__malloc(r->count * sizeof *rules);
        if (!rules) {
            out->failed = 1;
            return;
        }
    }
    for (size_t i = 0; i < r->count; i++) {
        const ank_constraint *c = r->items[i];
        if (c->kind != ANK_KIND_SECURITY_FINDING)
            continue;
        size_t k = 0;
        while (k < nrules && rules[k] != c->u.finding.pattern)
            k++;
        if (k == nrules)
            rules[nrules++] = c->u.finding.pattern;
    }
    if (nrules)
        qsort(rules, nrules, sizeof *rules, by_pattern_id);

    jw w = {.out = out, .pretty = 1};
    jw_open(&w, '{');
    KSTR(&w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    KSTR(&w, "version", "2.1.0");
    jw_key(&w, "runs");
    jw_open(&w, '[');
    jw_open(&w, '{');
    jw_key(&w, "tool");
    jw_open(&w, '{');
    jw_key(&w, "driver");
    jw_open(&w, '{');
    KSTR(&w, "name", "ananke");
    KSTR(&w, "version", ANK_VERSION_STRING);
    jw_key(&w, "rules");
    jw_open(&w, '[');
    for (size_t k = 0; k < nrules; k++) {
        jw_open(&w, '{');
        KSTR(&w, "id", rules[k]->id);
        jw_key(&w, "shortDescription");
        jw_open(&w, '{');
        KSTR(&w, "text", rules[k]->message);
        jw_close(&w, '}');
        jw_key(&w, "defaultConfiguration");
        jw_open(&w, '{');
        KSTR(&w, "level", level(rules[k]->severity));
        jw_close(&w, '}');
        jw_key(&w, "properties");
        jw_open(&w, '{');
        jw_key(&w, "tags");
        jw_open(&w, '[');
        jw_str(&w, "security");
        jw_str(&w, rules[k]->cwe);
        jw_close(&w, ']');
        jw_close(&w, '}');
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    jw_close(&w, '}');
    jw_close(&w, '}');
    jw_key(&w, "results");
    jw_open(&w, '[');
    for (size_t i = 0; i < r->count; i++) {
        const ank_constraint *c = r->items[i];
        if (c->kind != ANK_KIND_SECURITY_FINDING || !c->file)
            continue;
        size_t k = 0;
        while (rules[k] != c->u.finding.pattern)
            k++;
        jw_open(&w, '{');
        KSTR(&w, "ruleId", c->u.finding.pattern->id);
        KUINT(&w, "ruleIndex", k);
        KSTR(&w, "level", level(c->severity));
        jw_key(&w, "message");
        jw_open(&w, '{');
        KSTR(&w, "text", c->u.finding.pattern->message);
        jw_close(&w, '}');
        jw_key(&w, "locations");
        jw_open(&w, '[');
        jw_open(&w, '{');
        jw_key(&w, "physicalLocation");
        jw_open(&w, '{');
        jw_key(&w, "artifactLocation");
        jw_open(&w, '{');
        KSTR(&w, "uri", c->file);
        jw_close(&w, '}');
        jw_key(&w, "region");
        jw_open(&w, '{');
        KUINT(&w, "startLine", c->span.start_line);
        KUINT(&w, "endLine", c->span.end_line);
        KUINT(&w, "byteOffset", c->span.start_byte);
        KUINT(&w, "byteLength", c->span.end_byte - c->span.start_byte);
        jw_key(&w, "snippet");
        jw_open(&w, '{');
        KSTR(&w, "text", c->evidence ? c->evidence : "");
        jw_close(&w, '}');
        jw_close(&w, '}');
        jw_close(&w, '}');
        jw_close(&w, '}');
        jw_close(&w, ']');
        jw_key(&w, "partialFingerprints");
        jw_open(&w, '{');
        KSTR(&w, "ananke/v1", c->id);
        jw_close(&w, '}');
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    jw_close(&w, '}');
    jw_close(&w, ']');
    jw_close(&w, '}');
    ank__buf_putc(out, '\n');
    ank__free(rules);
}
