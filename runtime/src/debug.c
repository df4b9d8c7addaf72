/*
 * debug.c — GODEBUG and size parsing.
 *
 * GODEBUG is a comma-separated list of name=value pairs, as in Go:
 *   schedtrace=MS     print a SCHED line every MS milliseconds
 *   scheddetail=1     with schedtrace: per-P, per-M and per-G lines
 *   gctrace=1         one line per GC cycle
 *   gccheckmark=1     verify marking after each GC cycle
 *   gcstress=1        collect at every allocation (testing)
 *   gortgrowslice=classic   append grows by the classic rule (teaching;
 *                     slice.c), not Go 1.19's
 * Unknown names are ignored, as Go ignores them.
 */
#include "runtime.h"

#include <stdlib.h>
#include <strings.h>

rt_debugvars rt_debug;

void rt_parsedebugvars(void) {
    const char *s = getenv("GODEBUG");
    if (!s) return;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    char *save = NULL;
    for (char *kv = strtok_r(buf, ",", &save); kv;
         kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq) continue;
        *eq = 0;
        int v = atoi(eq + 1);
        if (!strcmp(kv, "schedtrace")) rt_debug.schedtrace = v;
        else if (!strcmp(kv, "scheddetail")) rt_debug.scheddetail = v;
        else if (!strcmp(kv, "gctrace")) rt_debug.gctrace = v;
        else if (!strcmp(kv, "gccheckmark")) rt_debug.gccheckmark = v;
        else if (!strcmp(kv, "gcstress")) rt_debug.gcstress = v;
        else if (!strcmp(kv, "gortgrowslice"))
            rt_debug.growclassic = !strcmp(eq + 1, "classic");
    }
}

int64_t rt_parse_size(const char *s) {
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || v <= 0) return -1;
    int64_t mul = 1;
    if (*end) {
        if (!strcasecmp(end, "k") || !strcasecmp(end, "kb") ||
            !strcasecmp(end, "kib"))
            mul = 1024;
        else if (!strcasecmp(end, "m") || !strcasecmp(end, "mb") ||
                 !strcasecmp(end, "mib"))
            mul = 1024 * 1024;
        else if (!strcasecmp(end, "g") || !strcasecmp(end, "gb") ||
                 !strcasecmp(end, "gib"))
            mul = 1024 * 1024 * 1024;
        else if (!strcasecmp(end, "b"))
            mul = 1;
        else
            return -1;
    }
    if (v > INT64_MAX / mul) return -1;
    return v * mul;
}
