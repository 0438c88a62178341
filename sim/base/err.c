/* err.c - descriptions of the SIM_E* error codes. */
#include "base/err.h"

const char *sim_strerror(int code)
{
    switch (code) {
    case SIM_OK: return "ok";
#define SIM_ERR_CASE(name, value, text) case value: return text;
    SIM_ERRNO_MAP(SIM_ERR_CASE)
#undef SIM_ERR_CASE
    default: return "unknown error";
    }
}
