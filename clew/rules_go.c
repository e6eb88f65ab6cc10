/*
 * rules_go.c - go rule walk: naming identifiers, error-handling facts,
 * security findings and holes (rules.h).  Not written yet: reports nothing.
 */
#include "rules.h"

void ank__rules_go(ank_x *x) { (void)x; }

const ank_pattern *ank__patterns_go(size_t *n)
{
    *n = 0;
    return NULL;
}
