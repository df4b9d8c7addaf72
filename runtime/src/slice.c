/*
 * slice.c — Go's slices: make, append's growth (growslice), copy,
 * reslicing, and the bounds errors every index and slice expression can
 * raise.  docs/slices-and-strings.md draws the pictures.
 *
 * A slice is a three-word value, gort_slice {ptr, len, cap}, passed and
 * returned by value.  It is a window on a backing array:
 *
 *     s = {ptr, len 3, cap 5}
 *            |
 *            v
 *     ... [ a0 | a1 | a2 | .. | .. ] ...      one GC object (or part of one)
 *           <--- len --->
 *           <-------- cap -------->
 *
 * Backing arrays live on the GC heap and are allocated with the element's
 * gort_type for the whole array: rt_mallocgc(bytes, elem, ...) with bytes
 * larger than elem->size lays elem's pointer mask out again every
 * elem->size bytes (malloc.c), so an array of pointerful elements is
 * scanned precisely, element by element.  Element types without pointers
 * go to noscan spans and are never scanned.
 *
 * Invariants:
 *   - 0 <= len <= cap; ptr == NULL only for the nil slice {NULL, 0, 0};
 *     zero-sized elements and make(T, 0) point at rt_zerobase.
 *   - ptr + cap*size never runs past the end of the backing object.  A
 *     reslice whose new capacity is 0 keeps the old ptr instead of
 *     advancing it (Go does the same): otherwise it would point one past
 *     the object, possibly at the next one, and keep that one alive.
 *   - Every store of a pointer into a backing array goes through the
 *     write barrier (rt_typedmemmove, rt_typedmemclr, rt_typedslicecopy
 *     or rt_bulkBarrierPreWriteSrcOnly in mbarrier.c); pointer-free
 *     element types use plain memmove/memset.
 *
 * Growth (rt_growslice, called when append runs out of capacity) follows
 * Go 1.19, the oracle for every script: take the requested capacity if it
 * is more than double the old one; otherwise double below 256 elements,
 * and from 256 on add newcap += (newcap + 768) / 4 until the request fits.
 * Then round the byte size up to the allocator's size class
 * (rt_roundupsize) and keep every element that fits: an append to a
 * []int64 of cap 1280 asks for 1792 elements = 14336 bytes, a size class
 * exactly, so the new cap is 1792, as Go's.  GODEBUG=gortgrowslice=classic
 * brings back the classic rule (double below 1024, then 1.25x) for the
 * teaching demos; docs/slices-and-strings.md compares the two.
 *
 * Rejected alternatives:
 *   - realloc-style growth in place (extend the object when the next slot
 *     is free): the allocator's spans hold objects of one size, there is
 *     no "next slot"; and Go's aliasing semantics (append after growth
 *     never writes the old array) would break.
 *   - Untyped (noscan) backing arrays with the pointers kept elsewhere:
 *     the collector would free what the elements point to.
 *
 * Bounds errors are Go's boundsError: a code and two numbers formatted
 * into "index out of range [5] with length 3" and friends, raised as
 * runtime-error panics (recoverable).  A negative x drops the "with ..."
 * part, as Go does.
 */
#include "runtime.h"

/* ---------------------------------------------------------------------- */
/* Bounds errors                                                           */
/* ---------------------------------------------------------------------- */

/* Go's boundsErrorFmts; %x and %y are the two numbers. */
static const char *const boundsfmt[] = {
    [GORT_BOUNDS_INDEX] = "index out of range [%x] with length %y",
    [GORT_BOUNDS_SLICE_ALEN] = "slice bounds out of range [:%x] with length %y",
    [GORT_BOUNDS_SLICE_ACAP] = "slice bounds out of range [:%x] with capacity %y",
    [GORT_BOUNDS_SLICE_B] = "slice bounds out of range [%x:%y]",
    [GORT_BOUNDS_SLICE3_ALEN] = "slice bounds out of range [::%x] with length %y",
    [GORT_BOUNDS_SLICE3_ACAP] = "slice bounds out of range [::%x] with capacity %y",
    [GORT_BOUNDS_SLICE3_B] = "slice bounds out of range [:%x:%y]",
    [GORT_BOUNDS_SLICE3_C] = "slice bounds out of range [%x:%y:]",
};

/* The same with x < 0: there is no need to report y. */
static const char *const boundsnegfmt[] = {
    [GORT_BOUNDS_INDEX] = "index out of range [%x]",
    [GORT_BOUNDS_SLICE_ALEN] = "slice bounds out of range [:%x]",
    [GORT_BOUNDS_SLICE_ACAP] = "slice bounds out of range [:%x]",
    [GORT_BOUNDS_SLICE_B] = "slice bounds out of range [%x:]",
    [GORT_BOUNDS_SLICE3_ALEN] = "slice bounds out of range [::%x]",
    [GORT_BOUNDS_SLICE3_ACAP] = "slice bounds out of range [::%x]",
    [GORT_BOUNDS_SLICE3_B] = "slice bounds out of range [:%x:]",
    [GORT_BOUNDS_SLICE3_C] = "slice bounds out of range [%x::]",
};

GORT_NORETURN RT_NOINLINE void gort_panic_bounds(gort_bounds code, int64_t x,
                                                 int64_t y) {
    if ((unsigned)code > GORT_BOUNDS_SLICE3_C)
        rt_throwf("gort_panic_bounds: bad code %d", (int)code);
    const char *f = x < 0 ? boundsnegfmt[code] : boundsfmt[code];
    char msg[128];
    size_t n = 0;
    for (; *f; f++) {
        if (*f != '%') {
            msg[n++] = *f;
            continue;
        }
        f++;
        char num[GORT_ITOA_MAX];
        int k = gort_itoa(num, *f == 'x' ? x : y, 10);
        memcpy(msg + n, num, (size_t)k);
        n += (size_t)k;
    }
    msg[n] = 0;
    rt_panicrt("%s", msg);
}

/* ---------------------------------------------------------------------- */
/* make and growslice                                                      */
/* ---------------------------------------------------------------------- */

static inline void checktype(const gort_type *et, const char *who) {
    if (unlikely(!et)) rt_throwf("%s: nil element type", who);
}

gort_slice gort_make_slice(const gort_type *et, intptr_t len, intptr_t cap) {
    checktype(et, "gort_make_slice");
    uintptr_t size = et->size;
    uintptr_t max = size ? RT_MAX_ALLOC / size : RT_MAX_ALLOC;
    /* As Go's makeslice: blame len when len alone is bad, else cap. */
    if (unlikely(len < 0 || (uintptr_t)len > max))
        rt_panicrt("makeslice: len out of range");
    if (unlikely(cap < len || (uintptr_t)cap > max))
        rt_panicrt("makeslice: cap out of range");
    void *p = rt_mallocgc((uintptr_t)cap * size, et, true);
    return (gort_slice){p, len, cap};
}

/* The growth rule, before size-class rounding: the capacity for a slice
 * of old elements that must hold need (> old).  Go 1.19's: double below
 * 256 elements, then add a quarter plus 192 until need fits, which moves
 * smoothly from 2x towards 1.25x.  GODEBUG=gortgrowslice=classic selects
 * the pre-1.18 rule (double below 1024, then 1.25x) for teaching. */
static inline intptr_t nextcap(intptr_t old, intptr_t need) {
    if (need > old * 2) return need; /* old <= 2^47: no overflow */
    intptr_t threshold = rt_debug.growclassic ? 1024 : 256;
    if (old < threshold) return old * 2;
    intptr_t c = old;
    if (rt_debug.growclassic) {
        while (c < need) c += c / 4; /* c >= 1024: always grows */
    } else {
        while (c < need) c += (c + 3 * 256) / 4;
    }
    return c;
}

/* Copies n elements from src to dst for growslice: dst is a new, zeroed,
 * allocated-black object, so only the source pointers need shading
 * (Go's bulkBarrierPreWriteSrcOnly). */
static void movetonew(const gort_type *et, char *dst, const char *src,
                      intptr_t n) {
    rt_bulkBarrierPreWriteSrcOnly(et, src, n);
    if (et->ptrwords) rt_ptrmemmove(dst, src, (uintptr_t)n * et->size);
    else memmove(dst, src, (uintptr_t)n * et->size);
}

gort_slice rt_growslice(const gort_type *et, gort_slice old, intptr_t cap) {
    checktype(et, "gort_slice_grow");
    if (unlikely(cap < old.cap || cap < 0))
        rt_panicrt("growslice: cap out of range");
    uintptr_t size = et->size;
    if (unlikely(size == 0))
        return (gort_slice){rt_mallocgc(0, et, false), old.len, cap}; /* zerobase */
    if (unlikely((uintptr_t)cap > RT_MAX_ALLOC / size))
        rt_panicrt("growslice: cap out of range");
    intptr_t newcap = nextcap(old.cap, cap);
    if ((uintptr_t)newcap > RT_MAX_ALLOC / size) newcap = cap;
    uintptr_t capmem = rt_roundupsize((uintptr_t)newcap * size);
    /* The common sizes divide by a shift. */
    if ((size & (size - 1)) == 0)
        newcap = (intptr_t)(capmem >> __builtin_ctzl(size));
    else
        newcap = (intptr_t)(capmem / size);
    uintptr_t lenmem = (uintptr_t)old.len * size;
    char *p;
    if (et->ptrwords == 0) {
        /* Not zeroed by the allocator: the first len elements are about
         * to be overwritten, only the rest needs clearing. */
        p = rt_mallocgc(capmem, et, false);
        memset(p + lenmem, 0, capmem - lenmem);
        if (lenmem) memcpy(p, old.ptr, lenmem);
    } else {
        p = rt_mallocgc(capmem, et, true);
        if (lenmem) movetonew(et, p, old.ptr, old.len);
    }
    return (gort_slice){p, old.len, newcap};
}

gort_slice gort_slice_grow(const gort_type *et, gort_slice s, intptr_t newcap)
    __attribute__((alias("rt_growslice")));

/* ---------------------------------------------------------------------- */
/* append and copy                                                         */
/* ---------------------------------------------------------------------- */

/*
 * Moving bytes.  glibc's memmove picks "rep movsb" for mid-sized copies on
 * CPUs that advertise fast string moves, which on the AMD machines we
 * measure on runs at about half the speed of a plain AVX2 loop for copies
 * of a few KiB between nearby objects (the common copy(dst, src) case):
 * 4 KiB took 70-80 ns against Go's 36 ns.  Go's own memmove uses AVX
 * registers there.  So non-overlapping copies of 256 bytes to 64 KiB go
 * through a 128-bytes-per-iteration AVX2 loop when the CPU has AVX2;
 * everything else (overlap, small, huge, other CPUs) is memmove.
 */
#if defined(__x86_64__) && !GORT_SANITIZE_THREAD
#define HAVE_AVXMOVE 1
#include <immintrin.h>

__attribute__((target("avx2"))) static void avxmove(char *d, const char *s,
                                                    size_t n) {
    /* The last 128 bytes, loaded first and stored last: the loop's final
     * partial block (the regions do not overlap). */
    const char *st = s + n - 128;
    __m256i t0 = _mm256_loadu_si256((const __m256i *)st);
    __m256i t1 = _mm256_loadu_si256((const __m256i *)(st + 32));
    __m256i t2 = _mm256_loadu_si256((const __m256i *)(st + 64));
    __m256i t3 = _mm256_loadu_si256((const __m256i *)(st + 96));
    for (size_t i = 0; i + 128 <= n; i += 128) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(s + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(s + i + 32));
        __m256i c = _mm256_loadu_si256((const __m256i *)(s + i + 64));
        __m256i e = _mm256_loadu_si256((const __m256i *)(s + i + 96));
        _mm256_storeu_si256((__m256i *)(d + i), a);
        _mm256_storeu_si256((__m256i *)(d + i + 32), b);
        _mm256_storeu_si256((__m256i *)(d + i + 64), c);
        _mm256_storeu_si256((__m256i *)(d + i + 96), e);
    }
    char *dt = d + n - 128;
    _mm256_storeu_si256((__m256i *)dt, t0);
    _mm256_storeu_si256((__m256i *)(dt + 32), t1);
    _mm256_storeu_si256((__m256i *)(dt + 64), t2);
    _mm256_storeu_si256((__m256i *)(dt + 96), t3);
}

static int avxok = -1; /* -1 unknown, 0 no, 1 yes; racy but idempotent */
#endif

static inline void bulkmove(void *dst, const void *src, size_t n) {
#if HAVE_AVXMOVE
    uintptr_t d = (uintptr_t)dst, s = (uintptr_t)src;
    if (n >= 256 && n <= 65536 && (d + n <= s || s + n <= d)) {
        int ok = __atomic_load_n(&avxok, __ATOMIC_RELAXED);
        if (unlikely(ok < 0)) {
            __builtin_cpu_init();
            ok = __builtin_cpu_supports("avx2") ? 1 : 0;
            __atomic_store_n(&avxok, ok, __ATOMIC_RELAXED);
        }
        if (ok) {
            avxmove(dst, src, n);
            return;
        }
    }
#endif
    memmove(dst, src, n);
}

/* Go's typedslicecopy: n elements from src to dst (may overlap) with the
 * write barrier for pointer elements (mbarrier.c shades the whole range,
 * then one memmove); pointer-free elements take the vector copy. */
static void typedslicecopy(const gort_type *et, char *dst, const char *src,
                           intptr_t n) {
    uintptr_t size = et->size;
    if (n <= 0 || dst == src || size == 0) return;
    if (et->ptrwords) {
        rt_typedslicecopy(et, dst, src, n);
        return;
    }
    bulkmove(dst, src, (uintptr_t)n * size);
}

gort_slice gort_append(const gort_type *et, gort_slice s, const void *vals,
                       intptr_t n) {
    checktype(et, "gort_append");
    if (n <= 0) {
        if (n < 0) rt_panicrt("growslice: len out of range");
        return s;
    }
    if (unlikely(n > INTPTR_MAX - s.len)) rt_panicrt("growslice: cap out of range");
    intptr_t newlen = s.len + n;
    /* vals may point into s's array: growing leaves the old array intact
     * (still reachable through vals), so copying after growth is safe. */
    if (newlen > s.cap) s = rt_growslice(et, s, newlen);
    typedslicecopy(et, (char *)s.ptr + (uintptr_t)s.len * et->size, vals, n);
    s.len = newlen;
    return s;
}

intptr_t gort_copy(const gort_type *et, gort_slice dst, gort_slice src) {
    checktype(et, "gort_copy");
    intptr_t n = dst.len < src.len ? dst.len : src.len;
    typedslicecopy(et, dst.ptr, src.ptr, n);
    return n;
}

/* ---------------------------------------------------------------------- */
/* Reslicing                                                               */
/* ---------------------------------------------------------------------- */

/* The slice [lo:hi:max] of s, all bounds already checked. */
static inline gort_slice window(const gort_type *et, gort_slice s, intptr_t lo,
                                intptr_t hi, intptr_t max) {
    gort_slice r = {s.ptr, hi - lo, max - lo};
    if (r.cap > 0) r.ptr = (char *)s.ptr + (uintptr_t)lo * et->size;
    return r;
}

/* s[lo:hi]: Go checks hi against cap first, then lo against hi. */
gort_slice gort_slice_slice(const gort_type *et, gort_slice s, intptr_t lo,
                            intptr_t hi) {
    checktype(et, "gort_slice_slice");
    if (unlikely((uintptr_t)hi > (uintptr_t)s.cap))
        gort_panic_bounds(GORT_BOUNDS_SLICE_ACAP, hi, s.cap);
    if (unlikely((uintptr_t)lo > (uintptr_t)hi))
        gort_panic_bounds(GORT_BOUNDS_SLICE_B, lo, hi);
    return window(et, s, lo, hi, s.cap);
}

/* s[lo:hi:max]: max against cap, then hi against max, then lo against hi. */
gort_slice gort_slice_slice3(const gort_type *et, gort_slice s, intptr_t lo,
                             intptr_t hi, intptr_t max) {
    checktype(et, "gort_slice_slice3");
    if (unlikely((uintptr_t)max > (uintptr_t)s.cap))
        gort_panic_bounds(GORT_BOUNDS_SLICE3_ACAP, max, s.cap);
    if (unlikely((uintptr_t)hi > (uintptr_t)max))
        gort_panic_bounds(GORT_BOUNDS_SLICE3_B, hi, max);
    if (unlikely((uintptr_t)lo > (uintptr_t)hi))
        gort_panic_bounds(GORT_BOUNDS_SLICE3_C, lo, hi);
    return window(et, s, lo, hi, max);
}
