/*
 * lang_rust.c - rust extractor (placeholder until implemented).
 */
#include "extract.h"

void ank__extract_rust(ank_x *x) { (void)x; }
