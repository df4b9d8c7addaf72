/*
 * panic.c — panics raised by the runtime, and Goexit.
 *
 * First step of defer/panic/recover: a runtime panic prints Go's message
 * ("panic: send on closed channel", "panic: runtime error: ...") with the
 * goroutine's backtrace and ends the program with status 2.  Defer frames
 * and recover are built on top of this in the next step.
 */
#include "runtime.h"

#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

static int panicking; /* atomic: a fatal panic is being printed */

static GORT_NORETURN void fatalmsg(const char *prefix, const char *msg) {
    G *gp = rt_getg();
    if (axadd(&panicking, 1) > 1)
        for (;;) pause();
    rt_flush_stdout();
    rt_printf("panic: %s%s\n", prefix, msg);
    if (rt_gotraceback() > 0) {
        rt_printf("\n");
        rt_dumpgoroutines(gp);
    }
    rt_exit(2);
}

GORT_NORETURN void rt_panicplain(const char *msg) { fatalmsg("", msg); }

GORT_NORETURN void rt_panicrt(const char *fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fatalmsg("runtime error: ", buf);
}

GORT_NORETURN void gort_goexit(void) {
    rt_mustg("gort_goexit");
    rt_goexit1();
}
