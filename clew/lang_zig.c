/*
 * lang_zig.c - zig extractor (placeholder until implemented).
 */
#include "extract.h"

void ank__extract_zig(ank_x *x) { (void)x; }
