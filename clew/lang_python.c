/*
 * lang_python.c - python extractor (placeholder until implemented).
 */
#include "extract.h"

void ank__extract_python(ank_x *x) { (void)x; }
