/*
 * rules_zig.c - zig rule walk: naming identifiers, error-handling facts,
 * security findings and holes (rules.h).  Not written yet: reports nothing.
 */
#include "rules.h"

void ank__rules_zig(ank_x *x) { (void)x; }

const ank_pattern *ank__patterns_zig(size_t *n)
{
    *n = 0;
    return NULL;
}
