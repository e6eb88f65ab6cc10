/*
 * json_range.c - JSON integers within bounds: the grammar of an "integer"
 * schema's minimum, maximum, exclusiveMinimum and exclusiveMaximum.
 *
 * The bounds become one closed range [lo, hi] of 64-bit integers, either
 * end open.  The numerals of a range are written without leading zeros
 * (as JSON has them), a minus sign before the negative ones, one choice
 * per number of digits: a run of lengths the range covers whole is
 * `[1-9] [0-9]{m,n}`, and a length it covers in part is split where the
 * bounds' digits differ, as in the usual construction of a regex for a
 * numeric range (`^(1[0-9]|2[0-5])$` for 10..25).  Each range is one rule
 * per grammar, `json-range`.
 *
 * Invariant: the rule accepts exactly the numerals of the integers in
 * [lo, hi], without fraction, exponent or `-0` (test_braid_range.c
 * compares it with arithmetic on random ranges).  Without an upper bound
 * and with none or 0 below, the shared json-integer and json-natural
 * rules serve instead (json-integer takes `-0`).
 */
#include "json_range.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SEQ ANK_JSEQ

typedef struct range_end {
    bool open;    /* no bound on this side */
    int64_t v;
} range_end;

/* A bound of the keyword value `v`, rounded inward for integers (up for
 * a lower bound, down for an upper one), one past it when `exclusive`:
 * false when `v` is absent or not a number.  A bound past the 64-bit
 * integers is clamped; *empty when no 64-bit integer is left. */
static bool bound_of(const json_t *v, bool lower, bool exclusive,
                     int64_t *out, bool *empty)
{
    if (!json_is_number(v))
        return false;
    if (json_is_integer(v)) {
        json_int_t n = json_integer_value(v);
        if (exclusive && n == (lower ? INT64_MAX : INT64_MIN))
            *empty = true;
        else
            *out = exclusive ? (lower ? n + 1 : n - 1) : n;
        return true;
    }
    double d = json_real_value(v);
    if (isnan(d))
        return false;
    double r = lower ? (exclusive ? floor(d) + 1 : ceil(d))
                     : (exclusive ? ceil(d) - 1 : floor(d));
    /* 2^63 as a double; anything at or past it is out of int64 */
    if (r >= 9223372036854775808.0) {
        if (lower)
            *empty = true;
        else
            *out = INT64_MAX;
    } else if (r < -9223372036854775808.0) {
        if (lower)
            *out = INT64_MIN;
        else
            *empty = true;
    } else {
        *out = (int64_t)r;
    }
    return true;
}

/* The tighter of two bounds on one side. */
static void tighten(range_end *e, bool lower, int64_t v)
{
    if (e->open || (lower ? v > e->v : v < e->v))
        e->open = false, e->v = v;
}

/* The decimal digits of n into out (room for 21); their count. */
static size_t digits_of(uint64_t n, char *out)
{
    return (size_t)snprintf(out, 21, "%llu", (unsigned long long)n);
}

static ank_gexpr *digit_class(ank_jctx *j, char lo, char hi)
{
    uint32_t r[2] = {(uint32_t)lo, (uint32_t)hi};
    return ank__g_class(j->g, false, r, 1);
}

/* The n-digit strings from lo to hi (both n digits, lo <= hi), leading
 * zeros allowed: the tail of a numeral whose head is fixed. */
static ank_gexpr *fixed(ank_jctx *j, const char *lo, const char *hi, size_t n)
{
    ank_gram *g = j->g;
    size_t same = 0;
    while (same < n && lo[same] == hi[same])
        same++;
    ank_gexpr *head = ank__g_lit(g, lo, same);
    if (same == n)
        return head;
    lo += same, hi += same, n -= same;
    /* the first digits differ: lo[0] < hi[0] */
    size_t rest = n - 1;
    bool lo_zeros = strspn(lo + 1, "0") == rest;
    bool hi_nines = strspn(hi + 1, "9") == rest;
    char nines[21], zeros[21];
    memset(nines, '9', rest), memset(zeros, '0', rest);
    nines[rest] = zeros[rest] = '\0';
    ank_gexpr *alts[3];
    size_t k = 0;
    if (!lo_zeros)
        alts[k++] = ank__g_seq2(g, ank__g_lit(g, lo, 1),
                                fixed(j, lo + 1, nines, rest));
    char from = lo_zeros ? lo[0] : (char)(lo[0] + 1);
    char to = hi_nines ? hi[0] : (char)(hi[0] - 1);
    if (from <= to)
        alts[k++] = ank__g_seq2(g, digit_class(j, from, to),
                                ank__g_rep(g, digit_class(j, '0', '9'),
                                           (uint32_t)rest, (uint32_t)rest));
    if (!hi_nines)
        alts[k++] = ank__g_seq2(g, ank__g_lit(g, hi, 1),
                                fixed(j, zeros, hi + 1, rest));
    return ank__g_seq2(g, head, ank__g_alt(g, alts, k));
}

/* 10^(n - 1), the smallest n-digit numeral (n <= 20). */
static uint64_t smallest(size_t n)
{
    uint64_t p = 1;
    while (--n)
        p *= 10;
    return p;
}

/* [1-9] [0-9]{lo - 1, hi - 1}: every numeral of lo to hi digits. */
static ank_gexpr *lengths(ank_jctx *j, size_t lo, uint32_t hi)
{
    return ank__g_seq2(j->g, digit_class(j, '1', '9'),
                       ank__g_rep(j->g, digit_class(j, '0', '9'),
                                  (uint32_t)lo - 1,
                                  hi == ANK_G_INF ? ANK_G_INF : hi - 1));
}

/* The numerals of [a, b] (b unbounded when `open`), a <= b. */
static ank_gexpr *naturals(ank_jctx *j, uint64_t a, uint64_t b, bool open)
{
    ank_gexpr *alts[24];
    size_t k = 0;
    if (a == 0) {
        alts[k++] = ank__g_str(j->g, "0");
        if (!open && b == 0)
            return alts[0];
        a = 1;
    }
    char sa[21], sb[21];
    size_t la = digits_of(a, sa), lb = open ? 20 : digits_of(b, sb);
    size_t run = 0; /* whole lengths from `run` on, not yet written */
    for (size_t n = la; n <= lb; n++) {
        uint64_t first = smallest(n);
        bool whole_lo = a <= first;
        bool whole_hi = open || n < lb || strspn(sb, "9") == lb;
        if (whole_lo && whole_hi) {
            if (!run)
                run = n;
            continue;
        }
        if (run)
            alts[k++] = lengths(j, run, (uint32_t)n - 1);
        run = 0;
        char lo[21], hi[21];
        if (whole_lo)
            digits_of(first, lo);
        else
            memcpy(lo, sa, la + 1);
        if (whole_hi)
            memset(hi, '9', n), hi[n] = '\0';
        else
            memcpy(hi, sb, lb + 1);
        alts[k++] = fixed(j, lo, hi, n);
    }
    if (open) /* every length from `run` (or past 20 digits) on */
        alts[k++] = lengths(j, run ? run : 21, ANK_G_INF);
    else if (run)
        alts[k++] = lengths(j, run, (uint32_t)lb);
    return ank__g_alt(j->g, alts, k);
}

/* |v| of a negative v, without overflow at INT64_MIN. */
static uint64_t magnitude(int64_t v)
{
    return (uint64_t)(-(v + 1)) + 1;
}

static ank_gexpr *range(ank_jctx *j, range_end lo, range_end hi)
{
    ank_gram *g = j->g;
    ank_gexpr *neg = NULL, *pos = NULL;
    if (lo.open || lo.v < 0) {
        /* -1 down to lo: magnitudes from max(1, -hi) */
        uint64_t from = !hi.open && hi.v < 0 ? magnitude(hi.v) : 1;
        neg = ank__g_seq2(g, ank__g_str(g, "-"),
                          naturals(j, from, lo.open ? 0 : magnitude(lo.v),
                                   lo.open));
    }
    if (hi.open || hi.v >= 0)
        pos = naturals(j, lo.open || lo.v < 0 ? 0 : (uint64_t)lo.v,
                       hi.open ? 0 : (uint64_t)hi.v, hi.open);
    return neg && pos ? ank__g_alt2(g, neg, pos) : neg ? neg : pos;
}

ank_gexpr *ank__jrange_integer(ank_jctx *j, const json_t *min,
                               const json_t *xmin, const json_t *max,
                               const json_t *xmax)
{
    range_end lo = {true, 0}, hi = {true, 0};
    bool empty = false;
    int64_t v;
    if (bound_of(min, true, false, &v, &empty))
        tighten(&lo, true, v);
    if (bound_of(xmin, true, true, &v, &empty))
        tighten(&lo, true, v);
    if (bound_of(max, false, false, &v, &empty))
        tighten(&hi, false, v);
    if (bound_of(xmax, false, true, &v, &empty))
        tighten(&hi, false, v);
    if (empty || (!lo.open && !hi.open && lo.v > hi.v))
        return ank__jlex_fail(j, "no integer within the bounds", NULL);
    if (hi.open && (lo.open || lo.v == 0)) /* the shared rules */
        return ank__jlex_integer(j, !lo.open);
    char key[64];
    snprintf(key, sizeof key, "json-range:%s%lld:%s%lld", lo.open ? "-" : "",
             (long long)lo.v, hi.open ? "+" : "", (long long)hi.v);
    ank_grule *r = ank__gram_lookup(j->g, key);
    if (!r && (r = ank__gram_declare(j->g, "json-range"))) {
        ank__gram_register_new(j->g, key, r);
        ank__gram_define(j->g, r, range(j, lo, hi));
    }
    return ank__g_ref(j->g, r);
}
