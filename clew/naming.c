/*
 * naming.c - placeholder.
 */
#include "naming.h"

void ank__naming_file(ank_x *x, size_t first)
{
    (void)x;
    (void)first;
}
