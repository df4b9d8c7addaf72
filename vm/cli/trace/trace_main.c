/*
 * trace_main.c — `gort trace`: converts a binary execution trace
 * (GORT_TRACE=out.trace, gort_trace_start) for a viewer.
 *
 *   gort trace view FILE [-o OUT.html]   self-contained HTML timeline
 *   gort trace json FILE [-o OUT.json]   Chrome trace events (Perfetto,
 *                                        chrome://tracing); -o - for stdout
 *   gort trace stats FILE                events by type, bytes per event
 *
 * The work is in the runtime library (runtime/src/trace_convert.c), which
 * needs no VM; this file is only the command line, shared by the `gort`
 * command and the standalone gort-trace executable.
 */
#include "trace.h"

#include <gort.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gort_trace_main(int argc, char **argv);

static int usage(void) {
    fprintf(stderr,
            "usage: gort trace view FILE [-o OUT.html]\n"
            "       gort trace json FILE [-o OUT.json|-]\n"
            "       gort trace stats FILE\n");
    return 2;
}

static int stats(const char *path) {
    rt_trace t;
    if (!rt_trace_read(path, &t)) {
        fprintf(stderr, "gort trace: %s: %s\n", path, t.err);
        rt_trace_free(&t);
        return 1;
    }
    uint64_t n[RT_EV_COUNT] = {0};
    for (size_t i = 0; i < t.nev; i++) n[t.ev[i].type]++;
    printf("%s: %zu events, %" PRIu64 " bytes (%.2f bytes/event), %" PRIu64
           " batches, %s\n",
           path, t.nev, t.bytes, t.nev ? (double)t.bytes / (double)t.nev : 0.0,
           t.nbatches, t.seqok ? "no gaps" : "BATCHES MISSING");
    for (int i = 1; i < RT_EV_COUNT; i++)
        if (n[i]) printf("  %-12s %" PRIu64 "\n", rt_trace_evname(i), n[i]);
    int64_t end = t.nev ? t.ev[t.nev - 1].ts : 0;
    printf("  duration     %.3f ms\n", (double)end / 1e6);
    rt_trace_free(&t);
    return 0;
}

int gort_trace_main(int argc, char **argv) {
    if (argc < 3) return usage();
    const char *cmd = argv[1], *in = argv[2], *out = NULL;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) out = argv[++i];
        else return usage();
    }
    if (strcmp(cmd, "stats") == 0) return stats(in);
    const char *fmt = strcmp(cmd, "view") == 0   ? "html"
                      : strcmp(cmd, "json") == 0 ? "json"
                                                 : NULL;
    if (!fmt) return usage();
    char def[4096];
    if (!out) {
        snprintf(def, sizeof def, "%s.%s", in, fmt);
        out = def;
    }
    if (!gort_trace_convert(in, out, fmt)) return 1;
    if (strcmp(out, "-") != 0) fprintf(stderr, "gort trace: wrote %s\n", out);
    return 0;
}
