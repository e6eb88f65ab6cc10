/*
 * rules_python_security.c - the Python security catalog (python.*) and its
 * checks: calls matched by how they are written (`pickle.loads(...)`, not
 * through imports or aliases), SQL built by string formatting, hard-coded
 * secrets by name and entropy.  Everything is matched on syntax nodes;
 * the walk (rules_python.c) never enters plain strings or comments, and a
 * text scan here is only a filter before looking at nodes.  No recursion:
 * `+` chains and parentheses are followed with loops.
 */
#include "rules_python.h"

/* ------------------------------------------------------------ catalog */

enum {
    PAT_EVAL,
    PAT_PICKLE,
    PAT_YAML,
    PAT_SUBPROCESS,
    PAT_OS_SYSTEM,
    PAT_SQL,
    PAT_SECRET,
    PAT_TLS,
    PAT_COUNT_
};

static const ank_pattern patterns[PAT_COUNT_] = {
    [PAT_EVAL] = {"python.eval", "CWE-95", ANK_SEV_ERROR,
                  "eval()/exec() runs dynamically built code"},
    [PAT_PICKLE] = {"python.pickle", "CWE-502", ANK_SEV_ERROR,
                    "pickle deserialization can run arbitrary code"},
    [PAT_YAML] = {"python.yaml_load", "CWE-502", ANK_SEV_ERROR,
                  "yaml.load without a safe Loader can construct arbitrary "
                  "objects"},
    [PAT_SUBPROCESS] = {"python.subprocess_shell", "CWE-78", ANK_SEV_ERROR,
                        "subprocess call through the shell (shell=True)"},
    [PAT_OS_SYSTEM] = {"python.os_system", "CWE-78", ANK_SEV_ERROR,
                       "os.system()/os.popen() runs a shell command"},
    [PAT_SQL] = {"python.sql_format", "CWE-89", ANK_SEV_ERROR,
                 "SQL built with string formatting passed to execute(); use "
                 "query parameters"},
    [PAT_SECRET] = {"python.hardcoded_secret", "CWE-798", ANK_SEV_ERROR,
                    "hard-coded secret assigned to a credential-like name"},
    [PAT_TLS] = {"python.tls_no_verify", "CWE-295", ANK_SEV_ERROR,
                 "TLS certificate verification disabled"},
};

const ank_pattern *ank__patterns_python(size_t *n)
{
    *n = PAT_COUNT_;
    return patterns;
}

bool ank__rules_python_contains(const char *s, size_t n, const char *needle, bool fold)
{
    size_t m = strlen(needle);
    for (size_t i = 0; m <= n && i <= n - m; i++) {
        size_t j = 0;
        for (; j < m; j++) {
            char c = s[i + j];
            if (fold && c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c != needle[j])
                break;
        }
        if (j == m)
            return true;
    }
    return false;
}

/* The text of `n` equals `a` or `b` (b nullable). */
static bool text_in(ank_x *x, TSNode n, const char *a, const char *b)
{
    return ank__x_text_eq(x, n, a) || (b && ank__x_text_eq(x, n, b));
}

/*
 * Can nothing the walk looks for be inside `n`?  True when its text, at
 * most INERT_MAX bytes (so a failed check costs little), has no '(' (no
 * call), no '#' (no comment), no ":=" (no walrus) and no "for" (no
 * comprehension).  Lets the walk pass over most small expressions.
 */

/* The scan behind inert(): *eq and *quote tell whether '=' and a quote
 * occur (a keyword argument that may hold a secret). */
bool ank__rules_python_inert_text(const char *s, uint32_t len, bool *eq, bool *quote)
{
    /* The bytes the loop below looks at; every other byte is passed over
     * with one table lookup. */
    static const bool special[256] = {
        ['('] = true, ['#'] = true, [':'] = true, ['f'] = true,
        ['='] = true, ['"'] = true, ['\''] = true,
    };
    *eq = *quote = false;
    if (len > INERT_MAX)
        return false;
    for (uint32_t i = 0; i < len; i++) {
        char c = s[i];
        if (!special[(unsigned char)c])
            continue;
        if (c == '(' || c == '#')
            return false;
        if (c == ':' && i + 1 < len && s[i + 1] == '=')
            return false;
        if (c == 'f' && i + 2 < len && s[i + 1] == 'o' && s[i + 2] == 'r')
            return false;
        if (c == '=')
            *eq = true;
        else if (c == '"' || c == '\'')
            *quote = true;
    }
    return true;
}

bool ank__rules_python_inert(const ank_x *x, TSNode n)
{
    uint32_t len;
    const char *s = src_of(x, n, &len);
    bool eq, quote;
    return ank__rules_python_inert_text(s, len, &eq, &quote);
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || (unsigned char)c >= 0x80;
}

static bool span_is(const char *s, uint32_t n, const char *text)
{
    return strlen(text) == n && memcmp(s, text, n) == 0;
}

/* Could a call of `s` (n bytes: a name or a dotted name, as written) be in
 * the catalog?  A cheap filter before looking at the call's nodes. */
static bool callee_relevant(const char *s, uint32_t n)
{
    uint32_t dot = n;
    while (dot > 0 && s[dot - 1] != '.')
        dot--;
    if (dot == 0)
        return span_is(s, n, "eval") || span_is(s, n, "exec");
    const char *last = s + dot;
    uint32_t nlast = n - dot, nobj = dot - 1;
    if (span_is(last, nlast, "execute") || span_is(last, nlast, "executemany"))
        return true;
    static const char *const modules[] = {
        "builtins", "pickle", "cPickle", "_pickle", "yaml",  "subprocess",
        "os",       "ssl",    "requests", "httpx", NULL};
    for (const char *const *m = modules; *m; m++)
        if (span_is(s, nobj, *m))
            return true;
    return false;
}


/* A plain call `name(...)` or `obj.attr(...)`: *obj is null for the first
 * form, *fname the called name node. */
void ank__rules_python_callee(const py_walk *w, TSNode call, TSNode *obj, TSNode *fname)
{
    TSNode f = fld(w, call, F_FUNCTION);
    *obj = null_node();
    *fname = null_node();
    if (ank__x_is(f, "identifier")) {
        *fname = f;
    } else if (ank__x_is(f, "attribute")) {
        *obj = fld(w, f, F_OBJECT);
        *fname = fld(w, f, F_ATTRIBUTE);
    }
}

/* The value of keyword argument `name` in a call's arguments, or null. */
static TSNode keyword(ank_x *x, const py_walk *w, TSNode args, const char *name)
{
    uint32_t n = ts_node_named_child_count(args);
    for (uint32_t i = 0; i < n; i++) {
        TSNode a = ts_node_named_child(args, i);
        if (ank__x_is(a, "keyword_argument") &&
            ank__x_text_eq(x, fld(w, a, F_NAME), name))
            return fld(w, a, F_VALUE);
    }
    return null_node();
}

/* The i-th positional argument, or null. */
static TSNode positional(TSNode args, uint32_t i)
{
    uint32_t n = ts_node_named_child_count(args);
    for (uint32_t k = 0; k < n; k++) {
        TSNode a = ts_node_named_child(args, k);
        const char *t = ts_node_type(a);
        if (strcmp(t, "keyword_argument") == 0 || strcmp(t, "comment") == 0)
            continue;
        if (strcmp(t, "list_splat") == 0 ||
            strcmp(t, "dictionary_splat") == 0)
            return null_node(); /* positions unknown after a splat */
        if (i-- == 0)
            return a;
    }
    return null_node();
}

/* ------------------------------------------------------------ secrets */

/* log2(v) for v >= 1, without libm. */
static double log2_of(double v)
{
    double e = 0;
    while (v >= 2) {
        v /= 2;
        e += 1;
    }
    /* ln(v) = 2 atanh(z), z = (v - 1) / (v + 1) <= 1/3 */
    double z = (v - 1) / (v + 1), z2 = z * z, term = z, sum = 0;
    for (int k = 1; k < 40; k += 2) {
        sum += term / k;
        term *= z2;
    }
    return e + 2 * sum / 0.69314718055994530942;
}

/* Shannon entropy of the bytes s[0, n), in bits per byte. */
static double entropy(const char *s, uint32_t n)
{
    uint32_t counts[256] = {0};
    for (uint32_t i = 0; i < n; i++)
        counts[(unsigned char)s[i]]++;
    double h = 0;
    for (int c = 0; c < 256; c++)
        if (counts[c])
            h += counts[c] * log2_of(counts[c]);
    return log2_of(n) - h / n;
}

#define SECRET_MIN_LENGTH 16
#define SECRET_MIN_ENTROPY 3.5

static bool secret_name(const ank_x *x, TSNode name)
{
    static const char *const words[] = {"secret",  "password", "passwd",
                                        "token",   "api_key",  "apikey",
                                        "private_key", NULL};
    uint32_t len;
    const char *s = src_of(x, name, &len);
    for (const char *const *p = words; *p; p++)
        if (ank__rules_python_contains(s, len, *p, true))
            return true;
    return false;
}

/* A plain string literal (no interpolation) with a secret-like value: the
 * characters written between the quotes, escapes as written. */
static bool secret_value(ank_x *x, TSNode v)
{
    if (!ank__x_is(v, "string") || is_fstring(v))
        return false;
    TSNode open = ank__x_child_of_type(v, "string_start");
    TSNode close = ank__x_child_of_type(v, "string_end");
    if (is_null(open) || is_null(close))
        return false;
    uint32_t s = ts_node_end_byte(open), e = ts_node_start_byte(close);
    if (e > x->len || e < s + SECRET_MIN_LENGTH)
        return false;
    return entropy(x->src + s, e - s) >= SECRET_MIN_ENTROPY;
}

void ank__rules_python_check_secret(ank_x *x, const py_walk *w, TSNode at, TSNode target, TSNode value)
{
    if (!ank__x_is(value, "string"))
        return;
    if (ank__x_is(target, "attribute"))
        target = fld(w, target, F_ATTRIBUTE);
    if (ank__x_is(target, "identifier") && secret_name(x, target) &&
        secret_value(x, value))
        ank__rules_finding(x, &patterns[PAT_SECRET], at);
}

/* -------------------------------------------------------------- calls */

/* A safe yaml Loader: SafeLoader, CSafeLoader, BaseLoader, plain or as
 * an attribute (yaml.SafeLoader). */
static bool safe_loader(ank_x *x, const py_walk *w, TSNode v)
{
    if (ank__x_is(v, "attribute"))
        v = fld(w, v, F_ATTRIBUTE);
    return ank__x_is(v, "identifier") &&
           (text_in(x, v, "SafeLoader", "CSafeLoader") ||
            ank__x_text_eq(x, v, "BaseLoader"));
}

/* SQL built by formatting: an f-string, `"..." % x`, `"...".format(...)`,
 * or a `+` chain with a string operand. */
static bool formatted_sql(ank_x *x, const py_walk *w, TSNode q)
{
    q = unparen(q);
    if (is_fstring(q))
        return true;
    if (ank__x_is(q, "concatenated_string")) {
        uint32_t n = ts_node_named_child_count(q);
        for (uint32_t i = 0; i < n; i++)
            if (is_fstring(ts_node_named_child(q, i)))
                return true;
        return false;
    }
    if (ank__x_is(q, "call")) {
        TSNode obj, name;
        ank__rules_python_callee(w, q, &obj, &name);
        return is_stringish(unparen(obj)) && ank__x_text_eq(x, name, "format");
    }
    if (!ank__x_is(q, "binary_operator"))
        return false;
    TSNode op = fld(w, q, F_OPERATOR);
    if (ank__x_text_eq(x, op, "%"))
        return is_stringish(unparen(fld(w, q, F_LEFT)));
    if (!ank__x_text_eq(x, op, "+"))
        return false;
    /* a + b + c is ((a + b) + c): follow the left operands. */
    while (ank__x_is(q, "binary_operator") &&
           ank__x_text_eq(x, fld(w, q, F_OPERATOR), "+")) {
        if (is_stringish(unparen(fld(w, q, F_RIGHT))))
            return true;
        q = unparen(fld(w, q, F_LEFT));
    }
    return is_stringish(q);
}

static void check_call(ank_x *x, const py_walk *w, TSNode call)
{
    TSNode obj, name;
    ank__rules_python_callee(w, call, &obj, &name);
    if (is_null(name))
        return;
    TSNode args = fld(w, call, F_ARGUMENTS);
    const ank_pattern *p = NULL;
    if (is_null(obj)) {
        if (text_in(x, name, "eval", "exec"))
            p = &patterns[PAT_EVAL];
    } else if (ank__x_is(obj, "identifier")) {
        if (ank__x_text_eq(x, obj, "builtins")) {
            if (text_in(x, name, "eval", "exec"))
                p = &patterns[PAT_EVAL];
        } else if (text_in(x, obj, "pickle", "cPickle") ||
                   ank__x_text_eq(x, obj, "_pickle")) {
            if (text_in(x, name, "loads", "load") ||
                ank__x_text_eq(x, name, "Unpickler"))
                p = &patterns[PAT_PICKLE];
        } else if (ank__x_text_eq(x, obj, "yaml")) {
            if (text_in(x, name, "unsafe_load", "unsafe_load_all")) {
                p = &patterns[PAT_YAML];
            } else if (text_in(x, name, "load", "load_all")) {
                TSNode loader = keyword(x, w, args, "Loader");
                if (is_null(loader))
                    loader = positional(args, 1);
                if (!safe_loader(x, w, loader))
                    p = &patterns[PAT_YAML];
            }
        } else if (ank__x_text_eq(x, obj, "subprocess")) {
            if (text_in(x, name, "getoutput", "getstatusoutput") ||
                ank__x_is(keyword(x, w, args, "shell"), "true"))
                p = &patterns[PAT_SUBPROCESS];
        } else if (ank__x_text_eq(x, obj, "os")) {
            if (text_in(x, name, "system", "popen"))
                p = &patterns[PAT_OS_SYSTEM];
        } else if (ank__x_text_eq(x, obj, "ssl")) {
            if (ank__x_text_eq(x, name, "_create_unverified_context"))
                p = &patterns[PAT_TLS];
        }
        if (!p && text_in(x, obj, "requests", "httpx") &&
            ank__x_is(keyword(x, w, args, "verify"), "false"))
            p = &patterns[PAT_TLS];
    }
    if (!p && !is_null(obj) && text_in(x, name, "execute", "executemany") &&
        formatted_sql(x, w, positional(args, 0)))
        p = &patterns[PAT_SQL];
    if (p)
        ank__rules_finding(x, p, call);
}

ank_walk ank__rules_python_visit_call(ank_x *x, const py_walk *w,
                                      TSNode call)
{
    uint32_t len, k = 0;
    const char *s = src_of(x, call, &len);
    while (k < len && (name_char(s[k]) || s[k] == '.'))
        k++;
    if (k == 0 || k + 2 > len || s[k] != '(' || s[len - 1] != ')') {
        check_call(x, w, call); /* spaces, comments, x[0](...): the slow way */
        return ANK_WALK_DESCEND;
    }
    if (callee_relevant(s, k))
        check_call(x, w, call);
    bool eq, quote;
    if (ank__rules_python_inert_text(s + k + 1, len - k - 2, &eq, &quote) && !(eq && quote))
        return ANK_WALK_SKIP;
    return ANK_WALK_DESCEND;
}

