/*
 * ignore.c - gitignore matching, following git's dir.c and wildmatch.c
 * rule for rule, so that a tree lists the same files git would.
 *
 * Invariants: a pattern's text is NUL-terminated and has neither its '!'
 * nor its trailing '/'; a list's base is "" or ends in '/'; paths handed in
 * are relative to the top of the tree, without leading or trailing '/'.
 * Matching is case-sensitive (core.ignoreCase is not honoured).
 */
#include "ignore.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../ffi/alloc.h"
#include "../ffi/text.h"
#include "../ffi/status.h"

enum {
    PAT_NEGATIVE = 1,  /* "!pattern" */
    PAT_MUSTBEDIR = 2, /* "pattern/" */
    PAT_NODIR = 4,     /* no '/' but the trailing one: match the basename */
    PAT_ENDSWITH = 8   /* "*literal" */
};

/* git refuses ignore files above this size, with a warning. */
#define MAX_IGNORE_FILE ((size_t)100 << 20)

/* ------------------------------------------------------------- wildmatch */

enum { WM_MATCH = 0, WM_NOMATCH = 1, WM_ABORT_ALL = -1, WM_ABORT_TO_STARSTAR = -2 };

static int is_glob_special(unsigned char c)
{
    return c == '*' || c == '?' || c == '[' || c == '\\';
}

static int char_class(const unsigned char *s, size_t n, unsigned char c,
                      int *matched)
{
#define CC_IS(name) (n == sizeof name - 1 && memcmp(s, name, n) == 0)
    int upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
    int digit = c >= '0' && c <= '9';
    int graph = c > 0x20 && c < 0x7f;
    int r;
    if (CC_IS("alnum"))
        r = upper || lower || digit;
    else if (CC_IS("alpha"))
        r = upper || lower;
    else if (CC_IS("blank"))
        r = c == ' ' || c == '\t';
    else if (CC_IS("cntrl"))
        r = c < 0x20 || c == 0x7f;
    else if (CC_IS("digit"))
        r = digit;
    else if (CC_IS("graph"))
        r = graph;
    else if (CC_IS("lower"))
        r = lower;
    else if (CC_IS("print"))
        r = graph || c == ' ';
    else if (CC_IS("punct"))
        r = graph && !(upper || lower || digit);
    else if (CC_IS("space"))
        r = c == ' ' || (c >= '\t' && c <= '\r');
    else if (CC_IS("upper"))
        r = upper;
    else if (CC_IS("xdigit"))
        r = ank__hex_value(c) >= 0;
    else
        return 0; /* malformed [:class:] */
#undef CC_IS
    if (r)
        *matched = 1;
    return 1;
}

/* git's dowild(), case-sensitive.  The abort codes prune the search so
 * that a pattern with many stars stays polynomial. */
static int dowild(const unsigned char *p, const unsigned char *text,
                  bool pathname)
{
    const unsigned char *pattern = p;
    unsigned char p_ch;

    for (; (p_ch = *p) != '\0'; text++, p++) {
        int matched, match_slash, negated;
        unsigned char t_ch, prev_ch;
        if ((t_ch = *text) == '\0' && p_ch != '*')
            return WM_ABORT_ALL;
        switch (p_ch) {
        case '\\':
            p_ch = *++p;
            /* fall through */
        default:
            if (t_ch != p_ch)
                return WM_NOMATCH;
            continue;
        case '?':
            if (pathname && t_ch == '/')
                return WM_NOMATCH;
            continue;
        case '*':
            if (*++p == '*') {
                const unsigned char *prev_p = p - 2;
                while (*++p == '*') {
                }
                if ((prev_p < pattern || *prev_p == '/') &&
                    (*p == '\0' || *p == '/' || (p[0] == '\\' && p[1] == '/'))) {
                    /* "**" as a whole path component: first try it
                     * matching no directory at all, so a/ ** /b also
                     * matches a/b. */
                    if (p[0] == '/' && dowild(p + 1, text, pathname) == WM_MATCH)
                        return WM_MATCH;
                    match_slash = 1;
                } else {
                    match_slash = !pathname;
                }
            } else {
                match_slash = !pathname;
            }
            if (*p == '\0') {
                if (!match_slash && strchr((const char *)text, '/'))
                    return WM_NOMATCH;
                return WM_MATCH;
            } else if (!match_slash && *p == '/') {
                /* One star then a slash: the star is the rest of this
                 * component. */
                const char *slash = strchr((const char *)text, '/');
                if (!slash)
                    return WM_NOMATCH;
                text = (const unsigned char *)slash;
                break;
            }
            for (;;) {
                if (t_ch == '\0')
                    break;
                /* A literal after the star: skip to its next occurrence. */
                if (!is_glob_special(*p)) {
                    p_ch = *p;
                    while ((t_ch = *text) != '\0' && (match_slash || t_ch != '/')) {
                        if (t_ch == p_ch)
                            break;
                        text++;
                    }
                    if (t_ch != p_ch)
                        return match_slash ? WM_ABORT_ALL : WM_ABORT_TO_STARSTAR;
                }
                if ((matched = dowild(p, text, pathname)) != WM_NOMATCH) {
                    if (!match_slash || matched != WM_ABORT_TO_STARSTAR)
                        return matched;
                } else if (!match_slash && t_ch == '/') {
                    return WM_ABORT_TO_STARSTAR;
                }
                t_ch = *++text;
            }
            return WM_ABORT_ALL;
        case '[':
            p_ch = *++p;
            if (p_ch == '^')
                p_ch = '!';
            negated = p_ch == '!';
            if (negated)
                p_ch = *++p;
            prev_ch = 0;
            matched = 0;
            do {
                if (!p_ch)
                    return WM_ABORT_ALL;
                if (p_ch == '\\') {
                    p_ch = *++p;
                    if (!p_ch)
                        return WM_ABORT_ALL;
                    if (t_ch == p_ch)
                        matched = 1;
                } else if (p_ch == '-' && prev_ch && p[1] && p[1] != ']') {
                    p_ch = *++p;
                    if (p_ch == '\\') {
                        p_ch = *++p;
                        if (!p_ch)
                            return WM_ABORT_ALL;
                    }
                    if (t_ch <= p_ch && t_ch >= prev_ch)
                        matched = 1;
                    p_ch = 0; /* so that prev_ch becomes 0 */
                } else if (p_ch == '[' && p[1] == ':') {
                    const unsigned char *s;
                    for (s = p += 2; (p_ch = *p) && p_ch != ']'; p++) {
                    }
                    if (!p_ch)
                        return WM_ABORT_ALL;
                    if (p - s < 1 || p[-1] != ':') {
                        /* No ":]": an ordinary '[' in the set. */
                        p = s - 2;
                        p_ch = '[';
                        if (t_ch == p_ch)
                            matched = 1;
                        continue;
                    }
                    if (!char_class(s, (size_t)(p - s - 1), t_ch, &matched))
                        return WM_ABORT_ALL;
                    p_ch = 0;
                } else if (t_ch == p_ch) {
                    matched = 1;
                }
            } while (prev_ch = p_ch, (p_ch = *++p) != ']');
            if (matched == negated || (pathname && t_ch == '/'))
                return WM_NOMATCH;
            continue;
        }
    }
    return *text ? WM_NOMATCH : WM_MATCH;
}

bool ank__ignore_wildmatch(const char *pattern, const char *text,
                           bool pathname)
{
    return dowild((const unsigned char *)pattern, (const unsigned char *)text,
                  pathname) == WM_MATCH;
}

/* ---------------------------------------------------------------- parsing */

ank_ignore_list *ank__ignore_list_new(const char *base)
{
    ank_ignore_list *list = ank__calloc(1, sizeof *list);
    if (!list)
        return NULL;
    list->baselen = strlen(base);
    list->base = ank__strndup(base, list->baselen);
    if (!list->base) {
        ank__free(list);
        return NULL;
    }
    return list;
}

void ank__ignore_list_free(ank_ignore_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++)
        ank__free(list->patterns[i].text);
    ank__free(list->patterns);
    ank__free(list->base);
    ank__free(list);
}

/* Trailing spaces go unless escaped with a backslash (tabs stay). */
static void trim_trailing_spaces(char *buf)
{
    char *last_space = NULL;
    for (char *p = buf; *p; p++) {
        switch (*p) {
        case ' ':
            if (!last_space)
                last_space = p;
            break;
        case '\\':
            p++;
            if (!*p)
                return;
            /* fall through */
        default:
            last_space = NULL;
        }
    }
    if (last_space)
        *last_space = '\0';
}

static ank_status add_pattern(ank_ignore_list *list, char *line)
{
    unsigned flags = 0;
    const char *p = line;
    if (*p == '!') {
        flags |= PAT_NEGATIVE;
        p++;
    }
    size_t len = strlen(p);
    if (len && p[len - 1] == '/') {
        len--;
        flags |= PAT_MUSTBEDIR;
    }
    if (!memchr(p, '/', len))
        flags |= PAT_NODIR;
    size_t nowild = 0;
    while (p[nowild] && !is_glob_special((unsigned char)p[nowild]))
        nowild++;
    if (nowild > len)
        nowild = len;
    if (p[0] == '*') {
        size_t i = 1;
        while (i < len && !is_glob_special((unsigned char)p[i]))
            i++;
        if (i == len)
            flags |= PAT_ENDSWITH;
    }
    if (!ank__array_reserve((void **)&list->patterns, &list->cap, list->count,
                            1, sizeof *list->patterns))
        return ANK_ERR_NOMEM;
    char *text = ank__strndup(p, len);
    if (!text)
        return ANK_ERR_NOMEM;
    list->patterns[list->count++] =
        (ank_ignore_pattern){text, len, nowild, flags};
    return ANK_OK;
}

ank_status ank__ignore_list_add_text(ank_ignore_list *list, const char *text,
                                     size_t length)
{
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        length -= 3;
    }
    size_t start = 0;
    while (start < length) {
        const char *nl = memchr(text + start, '\n', length - start);
        size_t end = nl ? (size_t)(nl - text) : length;
        size_t n = end - start;
        if (n > 0 && text[start] != '#') {
            if (text[end - 1] == '\r')
                n--;
            char *line = ank__strndup(text + start, n);
            if (!line)
                return ANK_ERR_NOMEM;
            trim_trailing_spaces(line);
            ank_status s = add_pattern(list, line);
            ank__free(line);
            if (s != ANK_OK)
                return s;
        }
        start = end + 1;
    }
    return ANK_OK;
}

static ank_status io_error(ank_error *error, int err)
{
    return ank__fail(error, ANK_ERR_IO, "%s", strerror(err));
}

ank_status ank__ignore_list_add_file(ank_ignore_list *list, const char *path,
                                     bool nofollow, ank_error *error)
{
    int fd = open(path, O_RDONLY | (nofollow ? O_NOFOLLOW : 0));
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR || (nofollow && errno == ELOOP))
            return ANK_OK;
        return io_error(error, errno);
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int err = errno;
        close(fd);
        return io_error(error, err);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return ANK_OK;
    }
    if ((unsigned long long)st.st_size > MAX_IGNORE_FILE) {
        close(fd);
        return ank__fail(error, ANK_ERR_IO,
                         "over 100 MiB, left unread");
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *buf = ank__malloc(cap);
    if (!buf) {
        close(fd);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    for (;;) {
        if (len == cap) {
            /* The file grew since fstat. */
            if (cap > MAX_IGNORE_FILE)
                break;
            char *grown = ank__realloc(buf, cap * 2);
            if (!grown) {
                ank__free(buf);
                close(fd);
                return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
            }
            buf = grown;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int err = errno;
            ank__free(buf);
            close(fd);
            return io_error(error, err);
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    ank_status s = ank__ignore_list_add_text(list, buf, len);
    ank__free(buf);
    if (s != ANK_OK)
        return ank__fail(error, s, "out of memory");
    return ANK_OK;
}

/* ---------------------------------------------------------------- matching */

static bool match_basename(const char *basename, size_t basenamelen,
                           const ank_ignore_pattern *pat)
{
    if (pat->nowild == pat->len)
        return pat->len == basenamelen &&
               memcmp(pat->text, basename, basenamelen) == 0;
    if (pat->flags & PAT_ENDSWITH)
        return pat->len - 1 <= basenamelen &&
               memcmp(pat->text + 1, basename + basenamelen - (pat->len - 1),
                      pat->len - 1) == 0;
    return ank__ignore_wildmatch(pat->text, basename, false);
}

/* The pattern is anchored to the list's directory.  Its literal prefix is
 * compared first and only the rest goes to wildmatch: this is not only an
 * optimisation, since a "**" right after the prefix then counts as the
 * start of a component, exactly as in git. */
static bool match_pathname(const char *path, size_t pathlen,
                           const ank_ignore_list *list,
                           const ank_ignore_pattern *pat)
{
    const char *pattern = pat->text;
    size_t patternlen = pat->len, prefix = pat->nowild;
    if (*pattern == '/') {
        pattern++;
        patternlen--;
        prefix--;
    }
    size_t baselen = list->baselen ? list->baselen - 1 : 0;
    if (pathlen < baselen + 1 || (baselen && path[baselen] != '/') ||
        memcmp(path, list->base, baselen) != 0)
        return false;
    size_t namelen = baselen ? pathlen - baselen - 1 : pathlen;
    const char *name = path + pathlen - namelen;
    if (prefix) {
        if (prefix > namelen || memcmp(pattern, name, prefix) != 0)
            return false;
        pattern += prefix;
        patternlen -= prefix;
        name += prefix;
        namelen -= prefix;
        if (!patternlen && !namelen)
            return true;
    }
    return ank__ignore_wildmatch(pattern, name, true);
}

int ank__ignore_list_match(const ank_ignore_list *list, const char *path,
                           bool is_dir)
{
    size_t pathlen = strlen(path);
    const char *slash = strrchr(path, '/');
    const char *basename = slash ? slash + 1 : path;
    size_t basenamelen = pathlen - (size_t)(basename - path);
    for (size_t i = list->count; i-- > 0;) {
        const ank_ignore_pattern *pat = &list->patterns[i];
        if ((pat->flags & PAT_MUSTBEDIR) && !is_dir)
            continue;
        bool hit = pat->flags & PAT_NODIR
                       ? match_basename(basename, basenamelen, pat)
                       : match_pathname(path, pathlen, list, pat);
        if (hit)
            return pat->flags & PAT_NEGATIVE ? 0 : 1;
    }
    return -1;
}

/* ------------------------------------------------------------------ stack */

ank_status ank__ignore_push(ank_ignore_stack *stack, ank_ignore_list *list)
{
    if (!ank__array_reserve((void **)&stack->lists, &stack->cap, stack->count,
                            1, sizeof *stack->lists))
        return ANK_ERR_NOMEM;
    stack->lists[stack->count++] = list;
    return ANK_OK;
}

void ank__ignore_pop(ank_ignore_stack *stack)
{
    if (stack->count > 0)
        ank__ignore_list_free(stack->lists[--stack->count]);
}

void ank__ignore_stack_free(ank_ignore_stack *stack)
{
    while (stack->count > 0)
        ank__ignore_pop(stack);
    ank__free(stack->lists);
    ank__ignore_list_free(stack->exclude);
    *stack = (ank_ignore_stack){0};
}

bool ank__ignore_excluded(const ank_ignore_stack *stack, const char *path,
                          bool is_dir)
{
    for (size_t i = stack->count; i-- > 0;) {
        if (!stack->lists[i])
            continue;
        int m = ank__ignore_list_match(stack->lists[i], path, is_dir);
        if (m >= 0)
            return m == 1;
    }
    return stack->exclude &&
           ank__ignore_list_match(stack->exclude, path, is_dir) == 1;
}
