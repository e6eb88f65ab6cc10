/*
 * lang_typescript.c - typescript extractor (placeholder until implemented).
 */
#include "extract.h"

void ank__extract_typescript(ank_x *x) { (void)x; }
