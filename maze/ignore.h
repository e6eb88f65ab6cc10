/*
 * ignore.h - gitignore pattern lists with git's own semantics (gitignore(5),
 * git's dir.c and wildmatch.c): one list per ignore file, matched against
 * paths relative to the top of the tree ("a/b/c.py", no leading slash).
 */
#ifndef ANK_MAZE_IGNORE_H
#define ANK_MAZE_IGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "../ffi/ananke.h"

typedef struct ank_ignore_pattern {
    char *text;    /* without the leading '!' and the trailing '/' */
    size_t len;
    size_t nowild; /* length of the leading part free of * ? [ and \ */
    unsigned flags;
} ank_ignore_pattern;

/* The patterns of one directory: its .gitignore, then its .ignore, so that
 * (the last match winning) .ignore takes precedence. */
typedef struct ank_ignore_list {
    char *base; /* the directory, relative to the top: "" or "a/b/" */
    size_t baselen;
    ank_ignore_pattern *patterns;
    size_t count, cap;
} ank_ignore_list;

/* A new empty list for directory `base` ("" or ending in '/'), or NULL when
 * out of memory. */
ank_ignore_list *ank__ignore_list_new(const char *base);
void ank__ignore_list_free(ank_ignore_list *list);

/* Add the patterns of an ignore file's text (blank lines, comments, a
 * UTF-8 byte order mark, CRLF and trailing spaces handled as git does).
 * Returns ANK_OK or ANK_ERR_NOMEM. */
ank_status ank__ignore_list_add_text(ank_ignore_list *list, const char *text,
                                     size_t length);

/* Add the patterns of the file at `path`.  A missing file adds nothing.
 * With `nofollow` a symbolic link is not read (git does not follow links
 * for ignore files inside the tree) and counts as missing.  Returns
 * ANK_ERR_IO when the file exists but cannot be read (the message is the
 * reason alone), ANK_ERR_NOMEM. */
ank_status ank__ignore_list_add_file(ank_ignore_list *list, const char *path,
                                     bool nofollow, ank_error *error);

/* The verdict of the last pattern of `list` matching `path`: 1 excluded,
 * 0 re-included by a '!' pattern, -1 no pattern matches. */
int ank__ignore_list_match(const ank_ignore_list *list, const char *path,
                           bool is_dir);

/* The lists that apply to a path: those of its ancestor directories
 * (shallowest first; NULL entries stand for directories without ignore
 * files) and .git/info/exclude, the lowest in precedence. */
typedef struct ank_ignore_stack {
    ank_ignore_list **lists;
    size_t count, cap;
    ank_ignore_list *exclude;
} ank_ignore_stack;

/* Push a list (NULL allowed) or pop the deepest one (freed). */
ank_status ank__ignore_push(ank_ignore_stack *stack, ank_ignore_list *list);
void ank__ignore_pop(ank_ignore_stack *stack);
/* Free every list and zero the stack. */
void ank__ignore_stack_free(ank_ignore_stack *stack);

/* Whether `path` is ignored: the deepest list with a matching pattern
 * decides; within a list the last match wins.  Does not look at the
 * path's parent directories: the walk never enters an excluded one. */
bool ank__ignore_excluded(const ank_ignore_stack *stack, const char *path,
                          bool is_dir);

/* git's wildmatch: `pathname` makes * ? and [...] stop at '/' and gives
 * ** its special forms.  True on a match. */
bool ank__ignore_wildmatch(const char *pattern, const char *text,
                           bool pathname);

#endif
