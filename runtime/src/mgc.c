/*
 * mgc.c — garbage collector: cycle control and the pacer.
 *
 * (Work in progress: this first version only defines the collector side of
 * the allocator/collector boundary in runtime.h, so that the allocator can
 * link against it.  The phases, the pacer and gctrace follow.)
 */
#include "runtime.h"

uint32_t rt_gcphase;             /* GCoff / GCmark / GCmarktermination */
uint32_t rt_writeBarrierEnabled; /* barrier on: the mark phase */
uint32_t rt_gcBlackenEnabled;    /* mark workers and assists may run */

/* Called by mallocgc for every new span or large object. */
void rt_gcAllocHook(uintptr_t size) { (void)size; }

void rt_gcinit(void) {}
