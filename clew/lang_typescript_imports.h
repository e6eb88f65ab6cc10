/*
 * lang_typescript_imports.h - private interface between the TypeScript
 * extractor (lang_typescript.c) and its import reader
 * (lang_typescript_imports.c).  Used by nothing else.
 */
#ifndef ANK_LANG_TYPESCRIPT_IMPORTS_H
#define ANK_LANG_TYPESCRIPT_IMPORTS_H

#include "extract.h"

/* An import_statement: `import ... from "m"`, `import x = require("m")`
 * or a side-effect `import "m"`. */
void ank__typescript_import(ank_x *x, TSNode stmt);

/* An export_statement with a `from "m"` (its source node). */
void ank__typescript_reexport(ank_x *x, TSNode stmt, TSNode source);

#endif
