/*
 * lang.h - the language table.
 */
#ifndef ANK_LANG_H
#define ANK_LANG_H

#include <tree_sitter/api.h>

#include "ananke.h"

#include "constraint.h"

typedef struct ank_x ank_x;

typedef struct ank_lang_def {
    ank_lang lang;
    const char *name; /* as written in the output */
    const TSLanguage *(*grammar)(void);
    void (*extract)(ank_x *x);  /* declarations (clew/lang_<name>.c) */
    void (*rules)(ank_x *x);    /* conventions, errors, security, holes
                                   (clew/rules_<name>.c) */
    const ank_pattern *(*patterns)(size_t *n); /* security catalog */
} ank_lang_def;

/* The definition of `lang`, or NULL for ANK_LANG_UNKNOWN / out of range. */
const ank_lang_def *ank__lang_def(ank_lang lang);

#endif
