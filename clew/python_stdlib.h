/*
 * python_stdlib.h - is a module part of the Python standard library?
 */
#ifndef ANK_PYTHON_STDLIB_H
#define ANK_PYTHON_STDLIB_H

#include <stdbool.h>
#include <stddef.h>

/* `name` is a top-level module name of `len` bytes (no NUL needed). */
bool ank__python_is_stdlib(const char *name, size_t len);

#endif
