/*
 * json_range.c - JSON integers and numbers within bounds: the grammar of
 * an "integer" or "number" schema's minimum, maximum, exclusiveMinimum
 * and exclusiveMaximum.
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
 *
 * A number's bounds are read as the shortest decimals that give their
 * values (0.1, not 0.1000000000000000055...), and its numerals are
 * written without exponent: sign, integer part, fraction.  The integer
 * parts strictly between the bounds' take any fraction; each bound's own
 * takes the fractions on its side of the bound's, compared a digit at a
 * time (frac_rest).  The rule `json-decimal` accepts exactly the
 * exponent-free numerals, without -0, whose decimal values are within
 * the bounds: each value in them has one, and no numeral outside them
 * is taken (a numeral that only rounds onto a bound as a double is left
 * out).
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

/* ------------------------------------------------------------ numbers */

/* The most fraction digits a bound may have (1e-40). */
#define FRAC_MAX 40

/* A bound of a number: sign, integer part and fraction digits (no
 * trailing zeros), and whether the bound itself is excluded. */
typedef struct decimal {
    bool neg, strict;
    uint64_t whole;
    char frac[FRAC_MAX + 1];
} decimal;

/* The shortest decimal that reads back as v (finite), into *d: false
 * when its integer part passes 10^18 or its fraction FRAC_MAX digits. */
static bool decimal_of(const json_t *v, decimal *d)
{
    memset(d, 0, sizeof *d);
    if (json_is_integer(v)) {
        json_int_t n = json_integer_value(v);
        d->neg = n < 0;
        d->whole = n < 0 ? magnitude(n) : (uint64_t)n;
        return d->whole < 1000000000000000000ull;
    }
    double x = json_real_value(v);
    if (!isfinite(x) || fabs(x) >= 1e18)
        return false;
    char text[40];
    for (int p = 0; p < 17; p++) {
        snprintf(text, sizeof text, "%.*e", p, x);
        if (strtod(text, NULL) == x)
            break;
    }
    /* [-]D[.DDD]e[+-]X: its digits, and where the point goes */
    const char *s = text;
    if ((d->neg = *s == '-'))
        s++;
    char digits[20];
    size_t n = 0;
    for (; *s && *s != 'e'; s++)
        if (*s != '.')
            digits[n++] = *s;
    long point = 1 + (*s == 'e' ? strtol(s + 1, NULL, 10) : 0);
    while (n > 1 && digits[n - 1] == '0')
        n--;
    size_t f = 0;
    for (long i = point < 0 ? point : 0; i < (long)n; i++) {
        char c = i < 0 ? '0' : digits[i];
        if (i < point)
            d->whole = d->whole * 10 + (uint64_t)(c - '0');
        else if (f == FRAC_MAX)
            return false;
        else
            d->frac[f++] = c;
    }
    for (long i = (long)n; i < point; i++)
        d->whole *= 10;
    if (!d->whole && !f)
        d->neg = false; /* -0 */
    return true;
}

/* Compare a and b as values: <0, 0, >0. */
static int compare(const decimal *a, const decimal *b)
{
    int sa = a->neg ? -1 : 1, sb = b->neg ? -1 : 1;
    if (sa != sb)
        return sa < sb ? -1 : 1;
    int c = a->whole != b->whole ? (a->whole < b->whole ? -1 : 1)
                                 : strcmp(a->frac, b->frac);
    return c == 0 ? 0 : (c < 0 ? -sa : sa);
}

/* The digit of fraction f at i, '0' past its end. */
static char frac_digit(const char *f, size_t i)
{
    return i < strlen(f) ? f[i] : '0';
}

/* Digits lo..hi, at least min of them. */
static ank_gexpr *digits_from(ank_jctx *j, char lo, char hi, uint32_t min)
{
    return ank__g_rep(j->g, digit_class(j, lo, hi), min, ANK_G_INF);
}

/* The rest of a fraction's digits, the first i of which equal lo's (when
 * `tlo`) and hi's (when `thi`), such that the whole fraction is within
 * [lo, hi] (each end excluded when `slo`, `shi`; a side not tight is
 * met already).  `first`: the rest may not be empty.  NULL when there is
 * no such rest. */
static ank_gexpr *frac_rest(ank_jctx *j, const char *lo, bool slo,
                            const char *hi, bool shi, size_t i, bool tlo,
                            bool thi, bool first)
{
    ank_gram *g = j->g;
    uint32_t min = first ? 1 : 0;
    bool lo_zero = tlo && i >= strlen(lo), hi_zero = thi && i >= strlen(hi);
    if ((!tlo || lo_zero) && (!thi || hi_zero)) {
        if (tlo && thi) /* equal to both: only zeros may follow */
            return slo || shi ? NULL : digits_from(j, '0', '0', min);
        if (tlo) /* equal to lo: anything, or past it when excluded */
            return slo ? ank__g_seq2(g, digits_from(j, '0', '0', 0),
                                     ank__g_seq2(g, digit_class(j, '1', '9'),
                                                 digits_from(j, '0', '9', 0)))
                       : digits_from(j, '0', '9', min);
        if (thi) /* equal to hi: zeros, and nothing when excluded */
            return shi ? NULL : digits_from(j, '0', '0', min);
        return digits_from(j, '0', '9', min);
    }
    ank_gexpr *alts[4];
    size_t k = 0;
    /* ending here: below hi (which has a nonzero digit to come), and at
     * or above lo when lo has none to come */
    if (!first && (!tlo || (lo_zero && !slo)))
        alts[k++] = ank__g_empty(g);
    char dl = tlo ? frac_digit(lo, i) : '0', dh = thi ? frac_digit(hi, i) : '9';
    char from = dl;
    if (tlo) {
        ank_gexpr *rest =
            frac_rest(j, lo, slo, hi, shi, i + 1, true, thi && dl == dh, false);
        if (rest)
            alts[k++] = ank__g_seq2(g, ank__g_lit(g, &dl, 1), rest);
        from = (char)(dl + 1);
    }
    char to = thi ? (char)(dh - 1) : dh;
    if (from <= to)
        alts[k++] = ank__g_seq2(g, digit_class(j, from, to),
                                digits_from(j, '0', '9', 0));
    if (thi && !(tlo && dh == dl)) {
        ank_gexpr *rest =
            frac_rest(j, lo, slo, hi, shi, i + 1, false, true, false);
        if (rest)
            alts[k++] = ank__g_seq2(g, ank__g_lit(g, &dh, 1), rest);
    }
    return k ? ank__g_alt(g, alts, k) : NULL;
}

/* A fraction (absent, or "." and digits) whose value is within lo..hi as
 * frac_rest() has them; NULL when none is. */
static ank_gexpr *fraction(ank_jctx *j, const char *lo, bool slo,
                           const char *hi, bool shi, bool tlo, bool thi)
{
    ank_gram *g = j->g;
    /* absent: the value 0, at or above lo only when lo is 0 */
    bool absent = (!tlo || (!*lo && !slo)) && (!thi || *hi || !shi);
    ank_gexpr *digits = frac_rest(j, lo, slo, hi, shi, 0, tlo, thi, true);
    ank_gexpr *dot = digits ? ank__g_seq2(g, ank__g_str(g, "."), digits) : NULL;
    if (!dot)
        return absent ? ank__g_empty(g) : NULL;
    return absent ? ank__g_rep(g, dot, 0, 1) : dot;
}

/* Unsigned decimals m with lo <= m (lo < m when lo->strict) and m <= hi
 * (m < hi), hi NULL for none; lo->whole <= hi->whole.  NULL when none. */
static ank_gexpr *magnitudes(ank_jctx *j, const decimal *lo, const decimal *hi)
{
    ank_gram *g = j->g;
    ank_gexpr *alts[3], *f;
    size_t k = 0;
    uint64_t a = lo->whole, b = hi ? hi->whole : 0;
    if (hi && b == a) {
        f = fraction(j, lo->frac, lo->strict, hi->frac, hi->strict, true, true);
        return f ? ank__g_seq2(g, naturals(j, a, a, false), f) : NULL;
    }
    /* lo's integer part with the fractions lo allows, unless it allows
     * them all (lo whole and in); then those up to hi's with any
     * fraction; then hi's with the fractions hi allows */
    uint64_t from = a;
    if (*lo->frac || lo->strict) {
        if ((f = fraction(j, lo->frac, lo->strict, "", false, true, false)))
            alts[k++] = ank__g_seq2(g, naturals(j, a, a, false), f);
        from = a + 1;
    }
    if (!hi || from < b)
        alts[k++] = ank__g_seq2(g, naturals(j, from, hi ? b - 1 : 0, !hi),
                                fraction(j, "", false, "", false, false,
                                         false));
    if (hi && (f = fraction(j, "", false, hi->frac, hi->strict, false, true)))
        alts[k++] = ank__g_seq2(g, naturals(j, b, b, false), f);
    return k ? ank__g_alt(g, alts, k) : NULL;
}

/* Does some value lie within lo..hi (each excluded when strict; hi NULL
 * for none)? */
static bool holds_some(const decimal *lo, const decimal *hi)
{
    int c = hi ? compare(lo, hi) : -1;
    return c < 0 || (c == 0 && !lo->strict && !hi->strict);
}

/* The tighter of a bound and an exclusive bound on one side (lower: the
 * larger), into *out: false when neither is a number, or when one is
 * not a decimal braid writes exactly. */
static bool side(const json_t *v, const json_t *xv, bool lower, decimal *out,
                 bool *exact)
{
    decimal d, x;
    bool has = json_is_number(v), xhas = json_is_number(xv);
    if ((has && !decimal_of(v, &d)) || (xhas && !decimal_of(xv, &x))) {
        *exact = false;
        return false;
    }
    x.strict = true;
    if (has && xhas) {
        int c = compare(&d, &x);
        *out = (lower ? c > 0 : c < 0) ? d : x;
    } else if (has || xhas) {
        *out = has ? d : x;
    }
    return has || xhas;
}

ank_gexpr *ank__jrange_number(ank_jctx *j, const json_t *min,
                              const json_t *xmin, const json_t *max,
                              const json_t *xmax)
{
    decimal lo = {0}, hi = {0};
    bool exact = true;
    bool has_lo = side(min, xmin, true, &lo, &exact);
    bool has_hi = side(max, xmax, false, &hi, &exact);
    if (!exact || (!has_hi && (!has_lo || (!lo.neg && !lo.whole &&
                                           !*lo.frac && !lo.strict))))
        /* the shared rules: with no upper bound and none or 0 below, and
         * (loosely: only the sign) for bounds braid cannot write */
        return ank__jlex_number(
            j, (json_is_number(min) && json_number_value(min) >= 0) ||
                   (json_is_number(xmin) && json_number_value(xmin) >= 0));
    if (has_lo && has_hi && !holds_some(&lo, &hi))
        return ank__jlex_fail(j, "no number within the bounds", NULL);
    char key[200];
    /* an absent bound is all zeros: its mark tells */
    snprintf(key, sizeof key, "json-decimal:%s%s%llu.%s:%s%s%llu.%s",
             has_lo ? (lo.strict ? "(" : "[") : "*", lo.neg ? "-" : "",
             (unsigned long long)lo.whole, lo.frac,
             has_hi ? (hi.strict ? ")" : "]") : "*", hi.neg ? "-" : "",
             (unsigned long long)hi.whole, hi.frac);
    ank_grule *r = ank__gram_lookup(j->g, key);
    if (r)
        return ank__g_ref(j->g, r);
    ank_gram *g = j->g;
    decimal zero = {0}, positive = {.strict = true};
    ank_gexpr *pos = NULL, *neg = NULL;
    /* v >= 0, written without a sign: lo's magnitude when lo >= 0 */
    if (!has_hi || !hi.neg) {
        const decimal *m_lo = has_lo && !lo.neg ? &lo : &zero;
        if (holds_some(m_lo, has_hi ? &hi : NULL))
            pos = magnitudes(j, m_lo, has_hi ? &hi : NULL);
    }
    /* v < 0: "-" and its magnitude, above 0 (no -0) and up to lo's */
    if (!has_lo || lo.neg) {
        decimal m_lo = has_hi && hi.neg ? hi : positive, m_hi = lo;
        m_lo.neg = m_hi.neg = false;
        if (holds_some(&m_lo, has_lo ? &m_hi : NULL)) {
            ank_gexpr *m = magnitudes(j, &m_lo, has_lo ? &m_hi : NULL);
            if (m)
                neg = ank__g_seq2(g, ank__g_str(g, "-"), m);
        }
    }
    if (!pos && !neg)
        return ank__jlex_fail(j, "no number within the bounds", NULL);
    if ((r = ank__gram_declare(g, "json-decimal"))) {
        ank__gram_register_new(g, key, r);
        ank__gram_define(g, r, neg && pos ? ank__g_alt2(g, neg, pos)
                                          : neg ? neg : pos);
    }
    return ank__g_ref(g, r);
}
