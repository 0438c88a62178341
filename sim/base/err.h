/* err.h - error codes shared by every sim/ module, generated from one X-macro table. */
#ifndef FRONTIER_ERR_H
#define FRONTIER_ERR_H

/* Functions return 0 on success or one of these negative codes. */
#define SIM_ERRNO_MAP(XX)                                              \
    XX(NOMEM, -1, "out of memory")                                     \
    XX(INVAL, -2, "invalid argument")                                  \
    XX(PAST, -3, "time is before the engine's clock")                  \
    XX(BADTIME, -4, "time is not a finite number")                     \
    XX(NOENT, -5, "no such event (already run or cancelled)")          \
    XX(IO, -6, "input/output error")                                   \
    XX(PARSE, -7, "malformed input")                                   \
    XX(RANGE, -8, "value out of range")                                \
    XX(NUMERIC, -9, "numerical failure")                               \
    XX(INTR, -10, "interrupted")                                       \
    XX(EMPTY, -11, "nothing to do")                                    \
    XX(LIMIT, -12, "the run reached its limit of events (scenario.max_events)")

enum {
#define SIM_ERR_ENUM(name, code, text) SIM_E##name = (code),
    SIM_ERRNO_MAP(SIM_ERR_ENUM)
#undef SIM_ERR_ENUM
    SIM_OK = 0
};

/* Returns a static description of code; never NULL, also for unknown codes. */
const char *sim_strerror(int code);

#endif
