/*
 * status.c - status names, descriptions and error filling.  The list of
 * codes lives in one X-macro, ANK_STATUS_LIST, in ananke.h.
 */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

ANK_API const char *ank_status_name(ank_status status)
{
    switch (status) {
#define ANK_STATUS_NAME_(name, value, text) \
    case name:                              \
        return #name;
        ANK_STATUS_LIST(ANK_STATUS_NAME_)
#undef ANK_STATUS_NAME_
    }
    return "ANK_UNKNOWN";
}

ANK_API const char *ank_strerror(ank_status status)
{
    switch (status) {
#define ANK_STATUS_TEXT_(name, value, text) \
    case name:                              \
        return text;
        ANK_STATUS_LIST(ANK_STATUS_TEXT_)
#undef ANK_STATUS_TEXT_
    }
    return "unknown status";
}

ank_status ank__error_set(ank_error *error, ank_status code, uint32_t line,
                          uint32_t column, int64_t offset, const char *format,
                          ...)
{
    if (!error)
        return code;
    error->code = code;
    error->line = line;
    error->column = column;
    error->offset = offset;
    va_list args;
    va_start(args, format);
    vsnprintf(error->message, sizeof error->message, format, args);
    va_end(args);
    return code;
}

void ank__error_clear(ank_error *error)
{
    if (!error)
        return;
    memset(error, 0, sizeof *error);
    error->offset = -1;
}

ANK_API const char *ank_version(void) { return ANK_VERSION_STRING; }
