/*
 * sort.c: natives of package sort (stdlib/sort/sort.go declares the API).
 *
 * The algorithms are Go 1.19's, ported line by line from
 * sort/zsortfunc.go: pattern-defeating quicksort (pdqsort, with its
 * xorshift seeded by the length) for Sort, Slice, Ints, Strings and
 * Float64s, and insertion sort on blocks of 20 plus SymMerge for Stable
 * and SliceStable. An unstable sort is only deterministic per algorithm:
 * a script that sorts records with equal keys by sort.Slice prints them
 * in the order Go's pdqsort leaves them, which only the same sequence of
 * Less and Swap calls reproduces. So the port keeps every comparison in
 * Go's order; it also means a Less with side effects sees Go's calls.
 *
 * The algorithms run over a `lessswap`: two C callbacks and their
 * context. Slice calls the script's less closure on the VM
 * (vm_call_closure) and swaps elements of any type in place (a typed
 * move, through a C-stack buffer that the collector scans conservatively,
 * so pointers in the elements stay visible); Sort calls the Interface's
 * Len, Less and Swap through its itab (methods in name order: Len, Less,
 * Swap); Ints, Strings and Float64s compare in C.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bytecode.h"
#include "itab.h"
#include "natives.h"

typedef struct lessswap {
    bool (*less)(void *ctx, intptr_t i, intptr_t j);
    void (*swap)(void *ctx, intptr_t i, intptr_t j);
    void *ctx;
} lessswap;

#define LESS(i, j) d->less(d->ctx, (i), (j))
#define SWAP(i, j) d->swap(d->ctx, (i), (j))

static int bitlen(uint64_t x) { return x ? 64 - __builtin_clzll(x) : 0; }

static void insertion_sort(const lessswap *d, intptr_t a, intptr_t b) {
    for (intptr_t i = a + 1; i < b; i++)
        for (intptr_t j = i; j > a && LESS(j, j - 1); j--) SWAP(j, j - 1);
}

static void sift_down(const lessswap *d, intptr_t lo, intptr_t hi, intptr_t first) {
    intptr_t root = lo;
    for (;;) {
        intptr_t child = 2 * root + 1;
        if (child >= hi) break;
        if (child + 1 < hi && LESS(first + child, first + child + 1)) child++;
        if (!LESS(first + root, first + child)) return;
        SWAP(first + root, first + child);
        root = child;
    }
}

static void heap_sort(const lessswap *d, intptr_t a, intptr_t b) {
    intptr_t first = a, lo = 0, hi = b - a;
    for (intptr_t i = (hi - 1) / 2; i >= 0; i--) sift_down(d, i, hi, first);
    for (intptr_t i = hi - 1; i >= 0; i--) {
        SWAP(first, first + i);
        sift_down(d, lo, i, first);
    }
}

enum { UNKNOWN_HINT, INCREASING_HINT, DECREASING_HINT };

static intptr_t partition(const lessswap *d, intptr_t a, intptr_t b, intptr_t pivot, bool *already) {
    SWAP(a, pivot);
    intptr_t i = a + 1, j = b - 1;
    while (i <= j && LESS(i, a)) i++;
    while (i <= j && !LESS(j, a)) j--;
    if (i > j) {
        SWAP(j, a);
        *already = true;
        return j;
    }
    SWAP(i, j);
    i++;
    j--;
    for (;;) {
        while (i <= j && LESS(i, a)) i++;
        while (i <= j && !LESS(j, a)) j--;
        if (i > j) break;
        SWAP(i, j);
        i++;
        j--;
    }
    SWAP(j, a);
    *already = false;
    return j;
}

static intptr_t partition_equal(const lessswap *d, intptr_t a, intptr_t b, intptr_t pivot) {
    SWAP(a, pivot);
    intptr_t i = a + 1, j = b - 1;
    for (;;) {
        while (i <= j && !LESS(a, i)) i++;
        while (i <= j && LESS(a, j)) j--;
        if (i > j) break;
        SWAP(i, j);
        i++;
        j--;
    }
    return i;
}

static bool partial_insertion_sort(const lessswap *d, intptr_t a, intptr_t b) {
    enum { MAX_STEPS = 5, SHORTEST_SHIFTING = 50 };
    intptr_t i = a + 1;
    for (int step = 0; step < MAX_STEPS; step++) {
        while (i < b && !LESS(i, i - 1)) i++;
        if (i == b) return true;
        if (b - a < SHORTEST_SHIFTING) return false;
        SWAP(i, i - 1);
        if (i - a >= 2)
            for (intptr_t j = i - 1; j >= 1; j--) {
                if (!LESS(j, j - 1)) break;
                SWAP(j, j - 1);
            }
        if (b - i >= 2)
            for (intptr_t j = i + 1; j < b; j++) {
                if (!LESS(j, j - 1)) break;
                SWAP(j, j - 1);
            }
    }
    return false;
}

static void break_patterns(const lessswap *d, intptr_t a, intptr_t b) {
    intptr_t length = b - a;
    if (length < 8) return;
    uint64_t random = (uint64_t)length;
    uint64_t modulus = 1ull << bitlen((uint64_t)length);
    for (intptr_t idx = a + (length / 4) * 2 - 1; idx <= a + (length / 4) * 2 + 1; idx++) {
        random ^= random << 13;
        random ^= random >> 17;
        random ^= random << 5;
        intptr_t other = (intptr_t)(random & (modulus - 1));
        if (other >= length) other -= length;
        SWAP(idx, a + other);
    }
}

static void order2(const lessswap *d, intptr_t *a, intptr_t *b, int *swaps) {
    if (LESS(*b, *a)) {
        (*swaps)++;
        intptr_t t = *a;
        *a = *b;
        *b = t;
    }
}

static intptr_t median(const lessswap *d, intptr_t a, intptr_t b, intptr_t c, int *swaps) {
    order2(d, &a, &b, swaps);
    order2(d, &b, &c, swaps);
    order2(d, &a, &b, swaps);
    return b;
}

static intptr_t choose_pivot(const lessswap *d, intptr_t a, intptr_t b, int *hint) {
    enum { SHORTEST_NINTHER = 50, MAX_SWAPS = 4 * 3 };
    intptr_t l = b - a;
    int swaps = 0;
    intptr_t i = a + l / 4 * 1, j = a + l / 4 * 2, k = a + l / 4 * 3;
    if (l >= 8) {
        if (l >= SHORTEST_NINTHER) {
            i = median(d, i - 1, i, i + 1, &swaps);
            j = median(d, j - 1, j, j + 1, &swaps);
            k = median(d, k - 1, k, k + 1, &swaps);
        }
        j = median(d, i, j, k, &swaps);
    }
    *hint = swaps == 0 ? INCREASING_HINT : swaps == MAX_SWAPS ? DECREASING_HINT : UNKNOWN_HINT;
    return j;
}

static void reverse_range(const lessswap *d, intptr_t a, intptr_t b) {
    for (intptr_t i = a, j = b - 1; i < j; i++, j--) SWAP(i, j);
}

static void pdqsort(const lessswap *d, intptr_t a, intptr_t b, int limit) {
    enum { MAX_INSERTION = 12 };
    bool was_balanced = true, was_partitioned = true;
    for (;;) {
        intptr_t length = b - a;
        if (length <= MAX_INSERTION) {
            insertion_sort(d, a, b);
            return;
        }
        if (limit == 0) {
            heap_sort(d, a, b);
            return;
        }
        if (!was_balanced) {
            break_patterns(d, a, b);
            limit--;
        }
        int hint;
        intptr_t pivot = choose_pivot(d, a, b, &hint);
        if (hint == DECREASING_HINT) {
            reverse_range(d, a, b);
            pivot = (b - 1) - (pivot - a);
            hint = INCREASING_HINT;
        }
        if (was_balanced && was_partitioned && hint == INCREASING_HINT && partial_insertion_sort(d, a, b)) return;
        if (a > 0 && !LESS(a - 1, pivot)) {
            a = partition_equal(d, a, b, pivot);
            continue;
        }
        bool already;
        intptr_t mid = partition(d, a, b, pivot, &already);
        was_partitioned = already;
        intptr_t left = mid - a, right = b - mid, threshold = length / 8;
        if (left < right) {
            was_balanced = left >= threshold;
            pdqsort(d, a, mid, limit);
            a = mid + 1;
        } else {
            was_balanced = right >= threshold;
            pdqsort(d, mid + 1, b, limit);
            b = mid;
        }
    }
}

static void sort_all(const lessswap *d, intptr_t n) {
    if (n > 1) pdqsort(d, 0, n, bitlen((uint64_t)n));
}

static void swap_range(const lessswap *d, intptr_t a, intptr_t b, intptr_t n) {
    for (intptr_t i = 0; i < n; i++) SWAP(a + i, b + i);
}

static void rotate(const lessswap *d, intptr_t a, intptr_t m, intptr_t b) {
    intptr_t i = m - a, j = b - m;
    while (i != j) {
        if (i > j) {
            swap_range(d, m - i, m, j);
            i -= j;
        } else {
            swap_range(d, m - i, m + j - i, i);
            j -= i;
        }
    }
    swap_range(d, m - i, m, i);
}

static void sym_merge(const lessswap *d, intptr_t a, intptr_t m, intptr_t b) {
    if (m - a == 1) {
        intptr_t i = m, j = b;
        while (i < j) {
            intptr_t h = (intptr_t)((uintptr_t)(i + j) >> 1);
            if (LESS(h, a)) i = h + 1;
            else j = h;
        }
        for (intptr_t k = a; k < i - 1; k++) SWAP(k, k + 1);
        return;
    }
    if (b - m == 1) {
        intptr_t i = a, j = m;
        while (i < j) {
            intptr_t h = (intptr_t)((uintptr_t)(i + j) >> 1);
            if (!LESS(m, h)) i = h + 1;
            else j = h;
        }
        for (intptr_t k = m; k > i; k--) SWAP(k, k - 1);
        return;
    }
    intptr_t mid = (intptr_t)((uintptr_t)(a + b) >> 1), n = mid + m, start, r;
    if (m > mid) {
        start = n - b;
        r = mid;
    } else {
        start = a;
        r = m;
    }
    intptr_t p = n - 1;
    while (start < r) {
        intptr_t c = (intptr_t)((uintptr_t)(start + r) >> 1);
        if (!LESS(p - c, c)) start = c + 1;
        else r = c;
    }
    intptr_t end = n - start;
    if (start < m && m < end) rotate(d, start, m, end);
    if (a < start && start < mid) sym_merge(d, a, start, mid);
    if (mid < end && end < b) sym_merge(d, mid, end, b);
}

static void stable(const lessswap *d, intptr_t n) {
    intptr_t block = 20, a = 0, b = block;
    while (b <= n) {
        insertion_sort(d, a, b);
        a = b;
        b += block;
    }
    insertion_sort(d, a, n);
    while (block < n) {
        a = 0;
        b = 2 * block;
        while (b <= n) {
            sym_merge(d, a, a + block, b);
            a = b;
            b += 2 * block;
        }
        intptr_t m = a + block;
        if (m < n) sym_merge(d, a, m, n);
        block *= 2;
    }
}

/* ---- slices of any element type, less a script closure ---- */

typedef struct anyslice {
    struct vmstate *vm;
    vmslot *less;            /* the func(i, j int) bool value */
    char *base;              /* the elements */
    const gort_type *elem;
} anyslice;

static bool any_less(void *ctx, intptr_t i, intptr_t j) {
    anyslice *s = ctx;
    vmslot args[2] = {{.i = i}, {.i = j}}, res[1];
    vm_call_closure(s->vm, s->less, args, res);
    return res[0].i & 1;
}

static void any_swap(void *ctx, intptr_t i, intptr_t j) {
    anyslice *s = ctx;
    size_t sz = s->elem->size;
    char *a = s->base + (size_t)i * sz, *b = s->base + (size_t)j * sz;
    if (!s->elem->ptrwords) {
        char tmp[256];
        for (size_t off = 0; off < sz; off += sizeof tmp) {
            size_t k = sz - off < sizeof tmp ? sz - off : sizeof tmp;
            memcpy(tmp, a + off, k);
            memcpy(a + off, b + off, k);
            memcpy(b + off, tmp, k);
        }
        return;
    }
    /* on the C stack, which the collector scans conservatively */
    char *tmp = __builtin_alloca(sz);
    memcpy(tmp, a, sz);
    gort_typedmemmove(s->elem, a, b);
    gort_typedmemmove(s->elem, b, tmp);
}

/* The slice an `x any` argument holds (r: its two words); panics as Go's
 * reflect does for a non-slice. */
static intptr_t slice_arg(const vmslot *r, anyslice *s) {
    const gort_type *t = r[0].p;
    if (!t || t->kind != GORT_KIND_SLICE) gort_panic_str("reflect: call of Swapper on a non-slice Value");
    const gort_slice *sl = r[1].p;
    s->base = sl->ptr;
    s->elem = t->elem;
    return sl->len;
}

/* func Slice(x any, less func(i int, j int) bool) */
static void sort_Slice(struct vmstate *vm, vmslot *r) {
    anyslice s = {vm, r[2].p, NULL, NULL};
    intptr_t n = slice_arg(r, &s);
    lessswap d = {any_less, any_swap, &s};
    sort_all(&d, n);
}

/* func SliceStable(x any, less func(i int, j int) bool) */
static void sort_SliceStable(struct vmstate *vm, vmslot *r) {
    anyslice s = {vm, r[2].p, NULL, NULL};
    intptr_t n = slice_arg(r, &s);
    lessswap d = {any_less, any_swap, &s};
    stable(&d, n);
}

/* func SliceIsSorted(x any, less func(i int, j int) bool) bool */
static void sort_SliceIsSorted(struct vmstate *vm, vmslot *r) {
    anyslice s = {vm, r[2].p, NULL, NULL};
    intptr_t n = slice_arg(r, &s);
    r[3].i = 1;
    for (intptr_t i = n - 1; i > 0; i--)
        if (any_less(&s, i, i - 1)) {
            r[3].i = 0;
            return;
        }
}

/* ---- Interface ---- */

typedef struct iface {
    struct vmstate *vm;
    const vmitab *tab;       /* Len, Less, Swap */
    void *data;
} iface;

static void iface_init(struct vmstate *vm, const vmslot *r, iface *s) {
    s->vm = vm;
    s->tab = r[0].p;
    s->data = r[1].p;
    if (!s->tab) gort_panic_nil(0, 0);
}

static intptr_t iface_len(iface *s) {
    vmslot res[1];
    vm_call_imethod(s->vm, s->tab->type, s->tab->fun[0], s->data, NULL, 0, res);
    return (intptr_t)res[0].i;
}

static bool iface_less(void *ctx, intptr_t i, intptr_t j) {
    iface *s = ctx;
    vmslot args[2] = {{.i = i}, {.i = j}}, res[1];
    vm_call_imethod(s->vm, s->tab->type, s->tab->fun[1], s->data, args, 2, res);
    return res[0].i & 1;
}

static void iface_swap(void *ctx, intptr_t i, intptr_t j) {
    iface *s = ctx;
    vmslot args[2] = {{.i = i}, {.i = j}};
    vm_call_imethod(s->vm, s->tab->type, s->tab->fun[2], s->data, args, 2, NULL);
}

/* func Sort(data Interface) */
static void sort_Sort(struct vmstate *vm, vmslot *r) {
    iface s;
    iface_init(vm, r, &s);
    lessswap d = {iface_less, iface_swap, &s};
    sort_all(&d, iface_len(&s));
}

/* func Stable(data Interface) */
static void sort_Stable(struct vmstate *vm, vmslot *r) {
    iface s;
    iface_init(vm, r, &s);
    lessswap d = {iface_less, iface_swap, &s};
    stable(&d, iface_len(&s));
}

/* func IsSorted(data Interface) bool */
static void sort_IsSorted(struct vmstate *vm, vmslot *r) {
    iface s;
    iface_init(vm, r, &s);
    r[2].i = 1;
    for (intptr_t i = iface_len(&s) - 1; i > 0; i--)
        if (iface_less(&s, i, i - 1)) {
            r[2].i = 0;
            return;
        }
}

/* ---- Ints, Strings, Float64s ---- */

static bool ints_less(void *ctx, intptr_t i, intptr_t j) { return ((int64_t *)ctx)[i] < ((int64_t *)ctx)[j]; }
static void ints_swap(void *ctx, intptr_t i, intptr_t j) {
    int64_t *x = ctx, t = x[i];
    x[i] = x[j];
    x[j] = t;
}
static bool floats_less(void *ctx, intptr_t i, intptr_t j) {
    double a = ((double *)ctx)[i], b = ((double *)ctx)[j];
    return a < b || (isnan(a) && !isnan(b));
}
static bool strings_less(void *ctx, intptr_t i, intptr_t j) {
    const gort_string *x = ctx;
    return gort_string_compare(x[i], x[j]) < 0;
}
static void strings_swap(void *ctx, intptr_t i, intptr_t j) {
    gort_string *x = ctx, t = x[i];
    /* both values stay reachable through t on this stack */
    gort_store_ptr((void **)(void *)&x[i].ptr, (void *)x[j].ptr);
    x[i].len = x[j].len;
    gort_store_ptr((void **)(void *)&x[j].ptr, (void *)t.ptr);
    x[j].len = t.len;
}

/* func Ints(x []int), Float64s, Strings */
static void sort_Ints(struct vmstate *vm, vmslot *r) {
    (void)vm;
    lessswap d = {ints_less, ints_swap, r[0].p};
    sort_all(&d, (intptr_t)r[1].i);
}
static void sort_Float64s(struct vmstate *vm, vmslot *r) {
    (void)vm;
    lessswap d = {floats_less, ints_swap, r[0].p};
    sort_all(&d, (intptr_t)r[1].i);
}
static void sort_Strings(struct vmstate *vm, vmslot *r) {
    (void)vm;
    lessswap d = {strings_less, strings_swap, r[0].p};
    sort_all(&d, (intptr_t)r[1].i);
}

static bool sorted(bool (*less)(void *, intptr_t, intptr_t), void *x, intptr_t n) {
    for (intptr_t i = n - 1; i > 0; i--)
        if (less(x, i, i - 1)) return false;
    return true;
}
static void sort_IntsAreSorted(struct vmstate *vm, vmslot *r) {
    (void)vm, r[3].i = sorted(ints_less, r[0].p, (intptr_t)r[1].i);
}
static void sort_Float64sAreSorted(struct vmstate *vm, vmslot *r) {
    (void)vm, r[3].i = sorted(floats_less, r[0].p, (intptr_t)r[1].i);
}
static void sort_StringsAreSorted(struct vmstate *vm, vmslot *r) {
    (void)vm, r[3].i = sorted(strings_less, r[0].p, (intptr_t)r[1].i);
}

/* ---- Search ---- */

/* func Search(n int, f func(int) bool) int */
static void sort_Search(struct vmstate *vm, vmslot *r) {
    intptr_t i = 0, j = (intptr_t)r[0].i;
    while (i < j) {
        intptr_t h = (intptr_t)((uintptr_t)(i + j) >> 1);
        vmslot a[1] = {{.i = h}}, res[1];
        vm_call_closure(vm, r[1].p, a, res);
        if (!(res[0].i & 1)) i = h + 1;
        else j = h;
    }
    r[2].i = i;
}

/* func Find(n int, cmp func(int) int) (i int, found bool) */
static void sort_Find(struct vmstate *vm, vmslot *r) {
    intptr_t i = 0, j = (intptr_t)r[0].i, n = j;
    while (i < j) {
        intptr_t h = (intptr_t)((uintptr_t)(i + j) >> 1);
        vmslot a[1] = {{.i = h}}, res[1];
        vm_call_closure(vm, r[1].p, a, res);
        if (res[0].i > 0) i = h + 1;
        else j = h;
    }
    r[2].i = i;
    r[3].i = 0;
    if (i < n) {
        vmslot a[1] = {{.i = i}}, res[1];
        vm_call_closure(vm, r[1].p, a, res);
        r[3].i = res[0].i == 0;
    }
}

/* func SearchInts(a []int, x int) int */
static void sort_SearchInts(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const int64_t *a = r[0].p;
    intptr_t i = 0, j = (intptr_t)r[1].i;
    while (i < j) {
        intptr_t h = (intptr_t)((uintptr_t)(i + j) >> 1);
        if (a[h] < r[3].i) i = h + 1;
        else j = h;
    }
    r[4].i = i;
}

/* func SearchFloat64s(a []float64, x float64) int */
static void sort_SearchFloat64s(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const double *a = r[0].p;
    intptr_t i = 0, j = (intptr_t)r[1].i;
    while (i < j) {
        intptr_t h = (intptr_t)((uintptr_t)(i + j) >> 1);
        if (a[h] < r[3].f) i = h + 1;
        else j = h;
    }
    r[4].i = i;
}

/* func SearchStrings(a []string, x string) int */
static void sort_SearchStrings(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const gort_string *a = r[0].p;
    gort_string x = {r[3].s, (intptr_t)r[4].i};
    intptr_t i = 0, j = (intptr_t)r[1].i;
    while (i < j) {
        intptr_t h = (intptr_t)((uintptr_t)(i + j) >> 1);
        if (gort_string_compare(a[h], x) < 0) i = h + 1;
        else j = h;
    }
    r[5].i = i;
}

static const vmnative natives[] = {
    {"sort.Find", sort_Find},
    {"sort.Float64s", sort_Float64s},
    {"sort.Float64sAreSorted", sort_Float64sAreSorted},
    {"sort.Ints", sort_Ints},
    {"sort.IntsAreSorted", sort_IntsAreSorted},
    {"sort.IsSorted", sort_IsSorted},
    {"sort.Search", sort_Search},
    {"sort.SearchFloat64s", sort_SearchFloat64s},
    {"sort.SearchInts", sort_SearchInts},
    {"sort.SearchStrings", sort_SearchStrings},
    {"sort.Slice", sort_Slice},
    {"sort.SliceIsSorted", sort_SliceIsSorted},
    {"sort.SliceStable", sort_SliceStable},
    {"sort.Sort", sort_Sort},
    {"sort.Stable", sort_Stable},
    {"sort.Strings", sort_Strings},
    {"sort.StringsAreSorted", sort_StringsAreSorted},
};
const vmnative_table vm_natives_sort = {natives, (int)(sizeof natives / sizeof natives[0])};
