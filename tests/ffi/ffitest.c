/*
 * ffitest.c: the C library the FFI's golden tests call
 * (the golden tests in tests/scripts/ffi, libgortffitest.so; docs/ffi.md).
 *
 * Each function exercises one class of the type mapping, so that a wrong
 * width, sign or register shows up as a wrong number: arguments are mixed
 * into the result with distinct weights, and narrow types are pushed
 * across their sign boundary. Only libc and libpthread are needed.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int8_t ft_i8(int8_t x) { return (int8_t)(x - 1); }
int16_t ft_i16(int16_t x) { return (int16_t)(x - 1); }
int32_t ft_i32(int32_t x) { return (int32_t)((uint32_t)x - 1); } /* wraps as Go does */
int64_t ft_i64(int64_t x) { return (int64_t)((uint64_t)x - 1); }
uint8_t ft_u8(uint8_t x) { return (uint8_t)(x + 1); }
uint16_t ft_u16(uint16_t x) { return (uint16_t)(x + 1); }
uint32_t ft_u32(uint32_t x) { return x + 1; }
uint64_t ft_u64(uint64_t x) { return x + 1; }
float ft_f32(float x) { return x * 2.5f; }
double ft_f64(double x) { return x * 2.5; }
bool ft_not(bool b) { return !b; }
uintptr_t ft_uptr(uintptr_t x) { return x ^ 0xff; }

/* Fourteen mixed arguments: more than the registers of either class. */
double ft_mix(int8_t a, uint8_t b, int16_t c, uint16_t d, int32_t e, uint32_t f, int64_t g, uint64_t h,
              float i, double j, bool k, double l, float m, int32_t n) {
    return a + 2.0 * b + 3.0 * c + 4.0 * d + 5.0 * e + 6.0 * f + 7.0 * (double)g + 8.0 * (double)h + 9.0 * i +
           10.0 * j + (k ? 11.0 : 0.0) + 12.0 * l + 13.0 * m + 14.0 * n;
}

typedef struct point {
    int32_t x, y;
    double w;
} point;

typedef struct pair32 {
    float a;
    float b;
} pair32;

typedef struct big {
    int64_t a, b, c, d;
    uint8_t flag;
} big;

point ft_pt_scale(point p, int32_t k) { return (point){p.x * k, p.y * k, p.w * k}; }
double ft_pt_sum(point p) { return p.x + p.y + p.w; }
pair32 ft_pair_swap(pair32 p) { return (pair32){p.b, p.a}; }
big ft_big_make(int64_t base) { return (big){base, base + 1, base + 2, base + 3, 1}; }
int64_t ft_big_sum(big b) { return b.a + b.b + b.c + b.d + b.flag; }

size_t ft_strlen(const char *s) { return strlen(s); }
const char *ft_greet(void) { return "hello from C"; }
const char *ft_null(void) { return NULL; }
/* Upper-cases the n bytes at buf in place; returns how many changed. */
int ft_upper(char *buf, int n) {
    int k = 0;
    for (int i = 0; i < n; i++)
        if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] = (char)(buf[i] - 32), k++;
    return k;
}
int64_t ft_sum32(const int32_t *p, int n) {
    int64_t s = 0;
    for (int i = 0; i < n; i++) s += p[i];
    return s;
}
double ft_sumf64(const double *p, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) s += p[i];
    return s;
}
void ft_inc(int64_t *p) { (*p)++; }
void ft_pt_move(point *p, int32_t dx) { p->x += dx; }

/* Sleeps ms milliseconds, then returns *p: a Go pointer held across a
 * long call (the tests collect garbage meanwhile). */
int64_t ft_hold(const int64_t *p, int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    return *p;
}

void ft_sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

int ft_fail(int e) {
    errno = e;
    return -1;
}

int32_t ft_apply(int32_t (*f)(int32_t), int32_t x) { return f(x) + f(x + 1); }
double ft_applyf(double (*f)(double, float), double x) { return f(x, 0.5f); }

/* Calls f(x) on a thread of its own and returns what it returned. */
typedef struct thr {
    int64_t (*f)(int64_t);
    int64_t x, r;
} thr;
static void *thr_main(void *a) {
    thr *t = a;
    t->r = t->f(t->x);
    return NULL;
}
int64_t ft_on_thread(int64_t (*f)(int64_t), int64_t x) {
    thr t = {f, x, 0};
    pthread_t th;
    if (pthread_create(&th, NULL, thr_main, &t) != 0) return -1;
    pthread_join(th, NULL);
    return t.r;
}

int ft_deref(const int *p) { return *p; }

/* Integers and doubles interleaved, filling both register files (the
 * direct path), and one integer more than fits (libffi's path). */
double ft_regs(int64_t a, double b, int32_t c, double d, uint8_t e, double f, int16_t g, double h, uint64_t i,
               double j, int8_t k, double l, double m, double n) {
    return (double)a + 2 * b + 3.0 * c + 4 * d + 5.0 * e + 6 * f + 7.0 * g + 8 * h + 9.0 * (double)i + 10 * j +
           11.0 * k + 12 * l + 13 * m + 14 * n;
}
int64_t ft_seven(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f, int64_t g) {
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g;
}
int16_t ft_neg16(int16_t x) { return (int16_t)-x; }

/* Uses kb KiB of stack (more than a goroutine's 256 KiB): runs only on
 * the FFI's per-M stack. Returns a checksum of what it wrote. */
int64_t ft_deep(int kb) {
    volatile unsigned char buf[(size_t)kb * 1024];
    for (size_t i = 0; i < sizeof buf; i += 512) buf[i] = (unsigned char)(i >> 9);
    int64_t s = 0;
    for (size_t i = 0; i < sizeof buf; i += 512) s += buf[i];
    return s;
}
