/*
 * naming.h - naming conventions: the style of an identifier, per-file and
 * project-level naming.convention constraints.
 */
#ifndef ANK_NAMING_H
#define ANK_NAMING_H

#include "extract.h"

/* The styles the identifier `name` (n bytes) fits in `lang`, one bit per
 * ank_style, and in *primary the one it is written in; 0 for a name that
 * is only underscores. */
unsigned ank__naming_styles(const char *name, size_t n, ank_lang lang,
                            ank_style *primary);

/* Is the name (n bytes) written in SCREAMING_SNAKE_CASE: capitals, digits
 * and underscores, with at least one capital? */
bool ank__naming_screaming(const char *name, size_t n);

/* Add the file's naming.convention constraints (one per identifier class
 * that has identifiers), from its declarations, the identifiers its rule
 * walk reported and its file name.  `first` is the file's first
 * constraint. */
void ank__naming_file(ank_x *x, size_t first);

/* Count the styles of `items`, pick the dominant one (ties go to the
 * language's convention) and list the outliers, into `out` (whose
 * id_class is set).  Allocates through x. */
void ank__naming_summarize(ank_x *x, ank_naming *out, ank_lang lang,
                           const ank_named_id *items, uint32_t n);

#endif
