/*
 * lang_go.c - go extractor (placeholder until implemented).
 */
#include "extract.h"

void ank__extract_go(ank_x *x) { (void)x; }
