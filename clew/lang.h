/*
 * lang.h - the language table.
 */
#ifndef ANK_LANG_H
#define ANK_LANG_H

#include <tree_sitter/api.h>

#include "ananke.h"

typedef struct ank_x ank_x;

typedef struct ank_lang_def {
    ank_lang lang;
    const char *name; /* as written in the output */
    const TSLanguage *(*grammar)(void);
    void (*extract)(ank_x *x);
} ank_lang_def;

/* The definition of `lang`, or NULL for ANK_LANG_UNKNOWN / out of range. */
const ank_lang_def *ank__lang_def(ank_lang lang);

#endif
