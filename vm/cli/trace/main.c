/*
 * main.c — the standalone gort-trace command: `gort-trace view FILE` is
 * `gort trace view FILE` (trace_main.c) without the rest of the CLI.
 */
int gort_trace_main(int argc, char **argv);

int main(int argc, char **argv) { return gort_trace_main(argc, argv); }
