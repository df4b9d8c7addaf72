/*
 * constant.c: exact constant arithmetic on libgmp, with Go's rules.
 *
 * Go evaluates constant expressions exactly: `1 << 100 >> 98` is 4, and
 * `0.1 + 0.2 == 0.3` is true for untyped constants. gort's type checker
 * needs the same numbers to accept and reject the same programs, so this
 * file follows go/constant's model (Go 1.19) with gmp underneath:
 *
 *   INT    small: int64_t in the struct       (every value that fits)
 *          big:   mpz_t                       (the rest; results are
 *                                              normalised back to small)
 *   FLOAT  rat:   mpq_t, exact                (numerator and denominator
 *                                              each below 4096 bits:
 *                                              go/constant's maxExp)
 *          big:   m * 2^e, m an mpz_t of at   (anything larger, and
 *                 most 512 bits, rounded to    literals with huge
 *                 nearest-even, trailing zero  exponents: big.Float with
 *                 bits stripped, e an int64    prec 512)
 *
 * Why not mpf_t for the big floats: mpf's precision is in limbs, it
 * truncates instead of rounding, and it has no defined rounding mode, so
 * results would drift from Go's big.Float. A mantissa/exponent pair rounded
 * by one routine (round_ratio) is exact about where each bit goes, and the
 * same routine gives correctly rounded float64 and float32 values for the
 * code generator and for float32/float64 representability.
 *
 * Invariants:
 *   - a value is immutable once returned; operands are never modified;
 *   - a small INT never has a big twin: an INT is big iff it does not fit
 *     in int64 (so equality of small ints is equality of int64s);
 *   - a big float's mantissa is odd (trailing zeros moved into e), has at
 *     most GCONST_PREC bits, and is never zero (zero is the rational 0);
 *   - every value holding gmp memory sits on ctx->bigs; gconst_ctx_free
 *     clears them all. gmp's allocator is the default one: hosts that use
 *     gmp themselves keep their own hooks, and threads share nothing.
 *
 * Go's checker bounds what can grow: untyped integer results above 512 bits
 * are errors (gconst_int_overflows) and shift counts stop at 1074, so no
 * value here grows without bound except through a caller that ignores them.
 * Float exponents are bounded like big.Float's (32-bit), which gives
 * GCONST_ERANGE ("constant result is not representable").
 */
#include "constant.h"

#include <gmp.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

enum { R_SMALL, R_BIG, R_RAT };  /* gconst.rep: INT small/big, FLOAT rat/big */
enum { B_Z, B_Q };               /* gconst_big.type */

/* Fractions switch to floats when a component reaches this many bits
 * (go/constant's maxExp). */
#define MAX_EXP 4096
/* big.Float's exponent range (MantExp form: v = mant * 2^exp, 0.5 <= mant < 1). */
#define BF_MAXEXP INT32_MAX
#define BF_MINEXP INT32_MIN

struct gconst_big {
    gconst_big *next; /* ctx->bigs list, owned by the context */
    int type;         /* B_Z (INT big, FLOAT big mantissa) or B_Q (FLOAT rat) */
    union {
        mpz_t z;
        mpq_t q;
    } v;
};

struct gconst {
    uint8_t kind; /* gconst_kind */
    uint8_t rep;  /* R_SMALL/R_BIG for INT, R_RAT/R_BIG for FLOAT */
    union {
        bool b;
        struct {
            const char *p;
            size_t n;
        } s;
        int64_t i;               /* INT small */
        struct {
            gconst_big *big;     /* INT big (z), FLOAT rat (q), FLOAT big (z) */
            int64_t e;           /* FLOAT big: exponent */
        } g;
    } u;
};

/* A big float being computed: value m * 2^e (m == 0 means zero). */
typedef struct {
    mpz_t m;
    int64_t e;
} bf;

/* ------------------------------------------------------------------ */
/* Context and allocation */

void gconst_ctx_init(gconst_ctx *c, struct arena *a) {
    c->arena = a;
    c->bigs = NULL;
    c->nbigs = 0;
}

void gconst_ctx_free(gconst_ctx *c) {
    for (gconst_big *b = c->bigs; b; b = b->next) {
        if (b->type == B_Q)
            mpq_clear(b->v.q);
        else
            mpz_clear(b->v.z);
    }
    c->bigs = NULL;
    c->nbigs = 0;
}

static gconst *mk(gconst_ctx *c, gconst_kind kind, int rep) {
    gconst *x = ARENA_NEW(c->arena, gconst);
    x->kind = (uint8_t)kind;
    x->rep = (uint8_t)rep;
    return x;
}

static gconst_big *newbig(gconst_ctx *c, int type) {
    gconst_big *b = ARENA_NEW(c->arena, gconst_big);
    b->type = type;
    if (type == B_Q)
        mpq_init(b->v.q);
    else
        mpz_init(b->v.z);
    b->next = c->bigs;
    c->bigs = b;
    c->nbigs++;
    return b;
}

static gconst *err_unknown(gconst_ctx *c, gconst_err *err, gconst_err e) {
    if (err)
        *err = e;
    return mk(c, GCONST_UNKNOWN, 0);
}

gconst *gconst_unknown(gconst_ctx *c) { return mk(c, GCONST_UNKNOWN, 0); }

gconst *gconst_bool(gconst_ctx *c, bool b) {
    gconst *x = mk(c, GCONST_BOOL, 0);
    x->u.b = b;
    return x;
}

gconst *gconst_string(gconst_ctx *c, const char *s, size_t len) {
    gconst *x = mk(c, GCONST_STRING, 0);
    x->u.s.p = arena_strndup(c->arena, s, len);
    x->u.s.n = len;
    return x;
}

gconst *gconst_int64(gconst_ctx *c, int64_t v) {
    gconst *x = mk(c, GCONST_INT, R_SMALL);
    x->u.i = v;
    return x;
}

/* An INT from z; z is left unspecified (swapped into the value). */
static gconst *int_from_z(gconst_ctx *c, mpz_t z) {
    if (mpz_fits_slong_p(z) && sizeof(long) == 8)
        return gconst_int64(c, (int64_t)mpz_get_si(z));
    gconst *x = mk(c, GCONST_INT, R_BIG);
    x->u.g.big = newbig(c, B_Z);
    mpz_swap(x->u.g.big->v.z, z);
    return x;
}

static void z_set_u64(mpz_t z, uint64_t v) {
    mpz_set_ui(z, (unsigned long)(v >> 32));
    mpz_mul_2exp(z, z, 32);
    mpz_add_ui(z, z, (unsigned long)(v & 0xffffffffu));
}

static void z_set_i64(mpz_t z, int64_t v) {
    if (v >= 0) {
        z_set_u64(z, (uint64_t)v);
    } else {
        z_set_u64(z, (uint64_t)0 - (uint64_t)v);
        mpz_neg(z, z);
    }
}

gconst *gconst_uint64(gconst_ctx *c, uint64_t v) {
    if (v <= INT64_MAX)
        return gconst_int64(c, (int64_t)v);
    mpz_t z;
    mpz_init(z);
    z_set_u64(z, v);
    gconst *x = int_from_z(c, z);
    mpz_clear(z);
    return x;
}

/* x as an mpz (x is an INT); z must be initialised. */
static void get_z(mpz_t z, const gconst *x) {
    if (x->rep == R_SMALL)
        z_set_i64(z, x->u.i);
    else
        mpz_set(z, x->u.g.big->v.z);
}

/* ------------------------------------------------------------------ */
/* Rounding: the one routine every float result goes through. */

/*
 * Sets q, *lsb so that q * 2^lsb is n * 2^ne / d (d NULL means 1; d > 0)
 * rounded to nearest-even with prec significant bits, except that lsb is
 * never below minlsb (gradual underflow: float64 denormals have minlsb
 * -1074). n may be negative; the result carries its sign. Returns whether
 * the result is exact. q is normalised (odd, or zero).
 */
static bool round_ratio(mpz_t q, int64_t *lsb, const mpz_t n, int64_t ne, const mpz_t d,
                        unsigned prec, int64_t minlsb) {
    if (mpz_sgn(n) == 0) {
        mpz_set_ui(q, 0);
        *lsb = 0;
        return true;
    }
    int sign = mpz_sgn(n);
    int64_t dbits = d ? (int64_t)mpz_sizeinbase(d, 2) : 1;
    /* value < 2^eup, value >= 2^(eup-2) */
    int64_t eup = (int64_t)mpz_sizeinbase(n, 2) - dbits + 1 + ne;
    if (eup < minlsb - 1) { /* below half the smallest quantum */
        mpz_set_ui(q, 0);
        *lsb = 0;
        return false;
    }
    int64_t l = eup - (int64_t)prec;
    if (l < minlsb)
        l = minlsb;
    mpz_t num, den, r;
    mpz_inits(num, den, r, NULL);
    bool exact;
    for (;;) {
        mpz_abs(num, n);
        if (d)
            mpz_set(den, d);
        else
            mpz_set_ui(den, 1);
        int64_t sh = ne - l;
        if (sh >= 0)
            mpz_mul_2exp(num, num, (mp_bitcnt_t)sh);
        else
            mpz_mul_2exp(den, den, (mp_bitcnt_t)-sh);
        mpz_tdiv_qr(q, r, num, den);
        /* eup may overestimate by one bit: then take one more */
        if (mpz_sizeinbase(q, 2) >= prec || l <= minlsb || mpz_sgn(q) == 0)
            break;
        l--;
    }
    exact = mpz_sgn(r) == 0;
    mpz_mul_2exp(r, r, 1);
    int cmp = mpz_cmp(r, den);
    if (cmp > 0 || (cmp == 0 && mpz_odd_p(q)))
        mpz_add_ui(q, q, 1);
    mpz_clears(num, den, r, NULL);
    if (mpz_sgn(q) != 0) {
        mp_bitcnt_t tz = mpz_scan1(q, 0);
        mpz_fdiv_q_2exp(q, q, tz);
        l += (int64_t)tz;
    } else {
        l = 0;
    }
    if (sign < 0)
        mpz_neg(q, q);
    *lsb = l;
    return exact;
}

/* Rounds n * 2^ne / d to a big float. Returns false when the exponent is
 * out of big.Float's range (overflow; underflow gives zero). */
static bool bf_round(bf *out, const mpz_t n, int64_t ne, const mpz_t d) {
    round_ratio(out->m, &out->e, n, ne, d, GCONST_PREC, INT64_MIN / 4);
    if (mpz_sgn(out->m) == 0)
        return true;
    int64_t x = out->e + (int64_t)mpz_sizeinbase(out->m, 2); /* MantExp */
    if (x > BF_MAXEXP)
        return false;
    if (x < BF_MINEXP) {
        mpz_set_ui(out->m, 0);
        out->e = 0;
    }
    return true;
}

/* Nearest double of n*2^ne/d with IEEE binary64 rules. */
static double ratio_to_double(const mpz_t n, int64_t ne, const mpz_t d, bool *exact,
                              unsigned prec, int64_t minlsb, int maxexp) {
    mpz_t q;
    mpz_init(q);
    int64_t l;
    bool ex = round_ratio(q, &l, n, ne, d, prec, minlsb);
    double r;
    if (mpz_sgn(q) == 0) {
        r = mpz_sgn(n) < 0 ? -0.0 : 0.0;
    } else if (l + (int64_t)mpz_sizeinbase(q, 2) > maxexp) {
        r = mpz_sgn(q) < 0 ? -HUGE_VAL : HUGE_VAL;
        ex = false;
    } else {
        r = ldexp(mpz_get_d(q), (int)l); /* q has at most prec+1 bits: exact */
    }
    mpz_clear(q);
    if (exact)
        *exact = ex;
    return r;
}

/* ------------------------------------------------------------------ */
/* Floats */

static void bf_init(bf *f) {
    mpz_init(f->m);
    f->e = 0;
}
static void bf_clear(bf *f) { mpz_clear(f->m); }

/* The FLOAT value of f (zero becomes the rational 0). */
static gconst *float_from_bf(gconst_ctx *c, bf *f) {
    if (mpz_sgn(f->m) == 0) {
        gconst *x = mk(c, GCONST_FLOAT, R_RAT);
        x->u.g.big = newbig(c, B_Q);
        return x;
    }
    gconst *x = mk(c, GCONST_FLOAT, R_BIG);
    x->u.g.big = newbig(c, B_Z);
    mpz_swap(x->u.g.big->v.z, f->m);
    x->u.g.e = f->e;
    return x;
}

/* go/constant makeRat: a fraction while both parts are small, else a big
 * float. q is canonical; it is left unspecified. */
static gconst *float_from_q(gconst_ctx *c, mpq_t q, gconst_err *err) {
    if (mpz_sizeinbase(mpq_numref(q), 2) < MAX_EXP && mpz_sizeinbase(mpq_denref(q), 2) < MAX_EXP) {
        gconst *x = mk(c, GCONST_FLOAT, R_RAT);
        x->u.g.big = newbig(c, B_Q);
        mpq_swap(x->u.g.big->v.q, q);
        return x;
    }
    bf f;
    bf_init(&f);
    bool ok = bf_round(&f, mpq_numref(q), 0, mpq_denref(q));
    gconst *x = ok ? float_from_bf(c, &f) : err_unknown(c, err, GCONST_ERANGE);
    bf_clear(&f);
    return x;
}

/* x (INT or FLOAT) as an exact rational, or false for a big float. */
static bool get_q(mpq_t q, const gconst *x) {
    if (x->kind == GCONST_INT) {
        get_z(mpq_numref(q), x);
        mpz_set_ui(mpq_denref(q), 1);
        return true;
    }
    if (x->rep == R_RAT) {
        mpq_set(q, x->u.g.big->v.q);
        return true;
    }
    return false;
}

/* x (INT or FLOAT) rounded to a big float (go/constant itof, rtof). */
static bool get_bf(bf *f, const gconst *x) {
    if (x->kind == GCONST_FLOAT && x->rep == R_BIG) {
        mpz_set(f->m, x->u.g.big->v.z);
        f->e = x->u.g.e;
        return true;
    }
    mpq_t q;
    mpq_init(q);
    get_q(q, x);
    bool ok = bf_round(f, mpq_numref(q), 0, mpq_denref(q));
    mpq_clear(q);
    return ok;
}

gconst *gconst_float64(gconst_ctx *c, double v) {
    if (isnan(v) || isinf(v))
        return gconst_unknown(c);
    mpq_t q;
    mpq_init(q);
    mpq_set_d(q, v); /* exact */
    gconst *x = float_from_q(c, q, NULL);
    mpq_clear(q);
    return x;
}

/* Leading-bit exponent plus one (big.Float's MantExp) of a nonzero bf. */
static int64_t bf_mantexp(const bf *f) { return f->e + (int64_t)mpz_sizeinbase(f->m, 2); }

static int bf_cmp(const bf *a, const bf *b) {
    int sa = mpz_sgn(a->m), sb = mpz_sgn(b->m);
    if (sa != sb || sa == 0)
        return (sa > sb) - (sa < sb);
    int64_t xa = bf_mantexp(a), xb = bf_mantexp(b);
    if (xa != xb)
        return (xa > xb) == (sa > 0) ? 1 : -1;
    /* same magnitude order: the shift is at most GCONST_PREC */
    mpz_t ma, mb;
    mpz_init_set(ma, a->m);
    mpz_init_set(mb, b->m);
    if (a->e > b->e)
        mpz_mul_2exp(ma, ma, (mp_bitcnt_t)(a->e - b->e));
    else
        mpz_mul_2exp(mb, mb, (mp_bitcnt_t)(b->e - a->e));
    int r = mpz_cmp(ma, mb);
    mpz_clears(ma, mb, NULL);
    return (r > 0) - (r < 0);
}

/* out = a + b (sub: a - b), rounded. */
static bool bf_add(bf *out, const bf *a, const bf *b, bool sub) {
    mpz_t mb;
    mpz_init_set(mb, b->m);
    if (sub)
        mpz_neg(mb, mb);
    bool ok = true;
    if (mpz_sgn(a->m) == 0 || mpz_sgn(mb) == 0) {
        const mpz_t *m = mpz_sgn(a->m) == 0 ? &mb : (const mpz_t *)&a->m;
        int64_t e = mpz_sgn(a->m) == 0 ? b->e : a->e;
        mpz_set(out->m, *m);
        out->e = e;
    } else {
        int64_t xa = bf_mantexp(a), xb = bf_mantexp(b);
        if (xa - xb > GCONST_PREC + 2) { /* b is below half an ulp of a */
            mpz_set(out->m, a->m);
            out->e = a->e;
        } else if (xb - xa > GCONST_PREC + 2) {
            mpz_set(out->m, mb);
            out->e = b->e;
        } else {
            mpz_t s;
            mpz_init(s);
            int64_t e = a->e < b->e ? a->e : b->e;
            mpz_mul_2exp(s, a->m, (mp_bitcnt_t)(a->e - e));
            mpz_mul_2exp(mb, mb, (mp_bitcnt_t)(b->e - e));
            mpz_add(s, s, mb);
            ok = bf_round(out, s, e, NULL);
            mpz_clear(s);
        }
    }
    mpz_clear(mb);
    return ok;
}

static bool bf_binary(bf *out, const bf *a, gconst_op op, const bf *b) {
    switch (op) {
    case GCONST_ADD:
        return bf_add(out, a, b, false);
    case GCONST_SUB:
        return bf_add(out, a, b, true);
    case GCONST_MUL: {
        mpz_t p;
        mpz_init(p);
        mpz_mul(p, a->m, b->m);
        bool ok = bf_round(out, p, a->e + b->e, NULL);
        mpz_clear(p);
        return ok;
    }
    default: { /* GCONST_QUO; b != 0 */
        mpz_t n, d;
        mpz_init_set(n, a->m);
        mpz_init(d);
        mpz_abs(d, b->m);
        if (mpz_sgn(b->m) < 0)
            mpz_neg(n, n);
        bool ok = bf_round(out, n, a->e - b->e, d);
        mpz_clears(n, d, NULL);
        return ok;
    }
    }
}

/* ------------------------------------------------------------------ */
/* Inspecting */

gconst_kind gconst_kind_of(const gconst *x) { return (gconst_kind)x->kind; }

int gconst_sign(const gconst *x) {
    switch (x->kind) {
    case GCONST_INT:
        if (x->rep == R_SMALL)
            return (x->u.i > 0) - (x->u.i < 0);
        return mpz_sgn(x->u.g.big->v.z);
    case GCONST_FLOAT:
        return x->rep == R_RAT ? mpq_sgn(x->u.g.big->v.q) : mpz_sgn(x->u.g.big->v.z);
    default:
        return 0;
    }
}

size_t gconst_bitlen(const gconst *x) {
    if (x->kind != GCONST_INT)
        return 0;
    if (x->rep == R_SMALL) {
        uint64_t a = x->u.i < 0 ? (uint64_t)0 - (uint64_t)x->u.i : (uint64_t)x->u.i;
        return a ? (size_t)(64 - __builtin_clzll(a)) : 0;
    }
    return mpz_sizeinbase(x->u.g.big->v.z, 2);
}

bool gconst_int_overflows(const gconst *x) { return gconst_bitlen(x) > GCONST_PREC; }

bool gconst_is_integral(const gconst *x) {
    if (x->kind == GCONST_INT)
        return true;
    if (x->kind != GCONST_FLOAT)
        return false;
    if (x->rep == R_RAT)
        return mpz_cmp_ui(mpq_denref(x->u.g.big->v.q), 1) == 0;
    return x->u.g.e >= 0;
}

bool gconst_bool_val(const gconst *x) { return x->kind == GCONST_BOOL && x->u.b; }

const char *gconst_string_val(const gconst *x, size_t *len) {
    if (x->kind != GCONST_STRING) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = x->u.s.n;
    return x->u.s.p;
}

/* x as an exact integer in z (x INT, or integral FLOAT). */
static bool get_integral(mpz_t z, const gconst *x) {
    if (x->kind == GCONST_INT) {
        get_z(z, x);
        return true;
    }
    if (!gconst_is_integral(x))
        return false;
    if (x->rep == R_RAT)
        mpz_set(z, mpq_numref(x->u.g.big->v.q));
    else
        mpz_mul_2exp(z, x->u.g.big->v.z, (mp_bitcnt_t)x->u.g.e);
    return true;
}

bool gconst_int64_val(const gconst *x, int64_t *out) {
    if (x->kind == GCONST_INT && x->rep == R_SMALL) {
        *out = x->u.i;
        return true;
    }
    if (x->kind == GCONST_FLOAT && x->rep == R_BIG && x->u.g.e > 64)
        return false;
    mpz_t z;
    mpz_init(z);
    bool ok = get_integral(z, x) && mpz_sizeinbase(z, 2) <= 64;
    if (ok) {
        if (mpz_fits_slong_p(z)) {
            *out = (int64_t)mpz_get_si(z);
        } else {
            ok = false;
        }
    }
    mpz_clear(z);
    return ok;
}

bool gconst_uint64_val(const gconst *x, uint64_t *out) {
    if (x->kind == GCONST_INT && x->rep == R_SMALL) {
        *out = (uint64_t)x->u.i;
        return x->u.i >= 0;
    }
    if (x->kind == GCONST_FLOAT && x->rep == R_BIG && x->u.g.e > 64)
        return false;
    mpz_t z;
    mpz_init(z);
    bool ok = get_integral(z, x) && mpz_sgn(z) >= 0 && mpz_sizeinbase(z, 2) <= 64;
    if (ok) {
        mpz_t hi;
        mpz_init(hi);
        mpz_fdiv_q_2exp(hi, z, 32);
        *out = ((uint64_t)mpz_get_ui(hi) << 32) | (uint64_t)(mpz_get_ui(z) & 0xffffffffu);
        mpz_clear(hi);
    }
    mpz_clear(z);
    return ok;
}

static double to_double(const gconst *x, bool *exact, unsigned prec, int64_t minlsb, int maxexp) {
    double r = 0;
    bool ex = false;
    if (x->kind == GCONST_INT && x->rep == R_SMALL) {
        mpz_t z;
        mpz_init(z);
        z_set_i64(z, x->u.i);
        r = ratio_to_double(z, 0, NULL, &ex, prec, minlsb, maxexp);
        mpz_clear(z);
    } else if (x->kind == GCONST_INT) {
        r = ratio_to_double(x->u.g.big->v.z, 0, NULL, &ex, prec, minlsb, maxexp);
    } else if (x->kind == GCONST_FLOAT && x->rep == R_RAT) {
        const mpq_srcptr q = x->u.g.big->v.q;
        r = ratio_to_double(mpq_numref(q), 0, mpq_denref(q), &ex, prec, minlsb, maxexp);
    } else if (x->kind == GCONST_FLOAT) {
        r = ratio_to_double(x->u.g.big->v.z, x->u.g.e, NULL, &ex, prec, minlsb, maxexp);
    }
    if (exact)
        *exact = ex;
    return r;
}

double gconst_float64_val(const gconst *x, bool *exact) {
    return to_double(x, exact, 53, -1074, 1024);
}

float gconst_float32_val(const gconst *x, bool *exact) {
    return (float)to_double(x, exact, 24, -149, 128);
}

/* ------------------------------------------------------------------ */
/* Conversions */

gconst *gconst_to_int(gconst_ctx *c, const gconst *x) {
    if (x->kind == GCONST_INT)
        return (gconst *)x;
    if (x->kind != GCONST_FLOAT)
        return gconst_unknown(c);
    mpz_t z;
    mpz_init(z);
    gconst *r = NULL;
    if (x->rep == R_RAT) {
        if (get_integral(z, x))
            r = int_from_z(c, z);
    } else {
        mpz_srcptr m = x->u.g.big->v.z;
        size_t n = mpz_sizeinbase(m, 2);
        int64_t me = x->u.g.e + (int64_t)n;
        if (-MAX_EXP < me && me < MAX_EXP) { /* go/constant smallFloat */
            if (x->u.g.e >= 0) {
                get_integral(z, x);
                r = int_from_z(c, z);
            } else if (n > GCONST_PREC - 4) {
                /* Within 4 bits of the precision of an integer: take the
                 * difference for rounding error (go/constant ToInt rounds
                 * to 508 bits towards zero, then away from zero). */
                mp_bitcnt_t cut = (mp_bitcnt_t)(n - (GCONST_PREC - 4));
                for (int away = 0; away < 2 && !r; away++) {
                    mpz_abs(z, m);
                    if (away)
                        mpz_cdiv_q_2exp(z, z, cut);
                    else
                        mpz_fdiv_q_2exp(z, z, cut);
                    int64_t e = x->u.g.e + (int64_t)cut;
                    mp_bitcnt_t tz = mpz_scan1(z, 0);
                    mpz_fdiv_q_2exp(z, z, tz);
                    e += (int64_t)tz;
                    if (e >= 0) {
                        mpz_mul_2exp(z, z, (mp_bitcnt_t)e);
                        if (mpz_sgn(m) < 0)
                            mpz_neg(z, z);
                        r = int_from_z(c, z);
                    }
                }
            }
        }
    }
    mpz_clear(z);
    return r ? r : gconst_unknown(c);
}

gconst *gconst_to_float(gconst_ctx *c, const gconst *x) {
    if (x->kind == GCONST_FLOAT)
        return (gconst *)x;
    if (x->kind != GCONST_INT)
        return gconst_unknown(c);
    mpq_t q;
    mpq_init(q);
    get_q(q, x);
    gconst *r = float_from_q(c, q, NULL);
    mpq_clear(q);
    return r;
}

static size_t utf8_encode(char *p, uint32_t r) {
    if (r < 0x80) {
        p[0] = (char)r;
        return 1;
    }
    if (r < 0x800) {
        p[0] = (char)(0xc0 | (r >> 6));
        p[1] = (char)(0x80 | (r & 0x3f));
        return 2;
    }
    if (r < 0x10000) {
        p[0] = (char)(0xe0 | (r >> 12));
        p[1] = (char)(0x80 | ((r >> 6) & 0x3f));
        p[2] = (char)(0x80 | (r & 0x3f));
        return 3;
    }
    p[0] = (char)(0xf0 | (r >> 18));
    p[1] = (char)(0x80 | ((r >> 12) & 0x3f));
    p[2] = (char)(0x80 | ((r >> 6) & 0x3f));
    p[3] = (char)(0x80 | (r & 0x3f));
    return 4;
}

static bool valid_rune(uint64_t r) { return r <= 0x10ffff && !(r >= 0xd800 && r <= 0xdfff); }

gconst *gconst_rune_string(gconst_ctx *c, const gconst *x) {
    uint64_t v;
    uint32_t r = 0xfffd;
    if (x->kind == GCONST_INT && gconst_uint64_val(x, &v) && valid_rune(v))
        r = (uint32_t)v;
    char buf[4];
    return gconst_string(c, buf, utf8_encode(buf, r));
}

/* ------------------------------------------------------------------ */
/* Operations */

gconst *gconst_unary(gconst_ctx *c, gconst_op op, const gconst *x, unsigned bits,
                     bool is_unsigned, gconst_err *err) {
    if (err)
        *err = GCONST_OK;
    if (x->kind == GCONST_UNKNOWN)
        return (gconst *)x;
    switch (op) {
    case GCONST_ADD:
        if (x->kind == GCONST_INT || x->kind == GCONST_FLOAT)
            return (gconst *)x;
        break;
    case GCONST_SUB:
        if (x->kind == GCONST_INT && x->rep == R_SMALL && x->u.i != INT64_MIN)
            return gconst_int64(c, -x->u.i);
        if (x->kind == GCONST_INT) {
            mpz_t z;
            mpz_init(z);
            get_z(z, x);
            mpz_neg(z, z);
            gconst *r = int_from_z(c, z);
            mpz_clear(z);
            return r;
        }
        if (x->kind == GCONST_FLOAT && x->rep == R_RAT) {
            mpq_t q;
            mpq_init(q);
            mpq_neg(q, x->u.g.big->v.q);
            gconst *r = float_from_q(c, q, err);
            mpq_clear(q);
            return r;
        }
        if (x->kind == GCONST_FLOAT) {
            bf f;
            bf_init(&f);
            mpz_neg(f.m, x->u.g.big->v.z);
            f.e = x->u.g.e;
            gconst *r = float_from_bf(c, &f);
            bf_clear(&f);
            return r;
        }
        break;
    case GCONST_XOR:
        if (x->kind == GCONST_INT) {
            if (!is_unsigned && x->rep == R_SMALL)
                return gconst_int64(c, ~x->u.i);
            mpz_t z;
            mpz_init(z);
            get_z(z, x);
            mpz_com(z, z);
            if (is_unsigned && bits > 0)
                mpz_fdiv_r_2exp(z, z, bits); /* keep the type's bits: ^x & (2^bits-1) */
            gconst *r = int_from_z(c, z);
            mpz_clear(z);
            return r;
        }
        break;
    case GCONST_NOT:
        if (x->kind == GCONST_BOOL)
            return gconst_bool(c, !x->u.b);
        break;
    default:
        break;
    }
    return err_unknown(c, err, GCONST_EKIND);
}

static bool is_num(const gconst *x) { return x->kind == GCONST_INT || x->kind == GCONST_FLOAT; }

static bool is_cmp(gconst_op op) { return op >= GCONST_EQL && op <= GCONST_GEQ; }

static bool cmp_result(int r, gconst_op op) {
    switch (op) {
    case GCONST_EQL: return r == 0;
    case GCONST_NEQ: return r != 0;
    case GCONST_LSS: return r < 0;
    case GCONST_LEQ: return r <= 0;
    case GCONST_GTR: return r > 0;
    case GCONST_GEQ: return r >= 0;
    default: return false;
    }
}

/* Fast path: both INT small. Returns NULL when the result needs gmp. */
static gconst *small_int_op(gconst_ctx *c, int64_t a, gconst_op op, int64_t b) {
    int64_t r;
    switch (op) {
    case GCONST_ADD:
        if (__builtin_add_overflow(a, b, &r))
            return NULL;
        break;
    case GCONST_SUB:
        if (__builtin_sub_overflow(a, b, &r))
            return NULL;
        break;
    case GCONST_MUL:
        if (__builtin_mul_overflow(a, b, &r))
            return NULL;
        break;
    case GCONST_QUO_INT:
        /* Go 1.19's go/constant divides int64 values in int64, so
         * -9223372036854775808 / -1 wraps to itself: `const x =
         * -9223372036854775808 / -1; println(x > 0)` prints false. gort
         * gives the same answer. */
        r = (a == INT64_MIN && b == -1) ? INT64_MIN : a / b;
        break;
    case GCONST_REM:
        r = b == -1 ? 0 : a % b;
        break;
    case GCONST_AND: r = a & b; break;
    case GCONST_OR: r = a | b; break;
    case GCONST_XOR: r = a ^ b; break;
    case GCONST_AND_NOT: r = a & ~b; break;
    default:
        return NULL;
    }
    return gconst_int64(c, r);
}

static gconst *int_op(gconst_ctx *c, const gconst *x, gconst_op op, const gconst *y,
                      gconst_err *err) {
    if (x->rep == R_SMALL && y->rep == R_SMALL) {
        gconst *r = small_int_op(c, x->u.i, op, y->u.i);
        if (r)
            return r;
    }
    mpz_t a, b;
    mpz_inits(a, b, NULL);
    get_z(a, x);
    get_z(b, y);
    switch (op) {
    case GCONST_ADD: mpz_add(a, a, b); break;
    case GCONST_SUB: mpz_sub(a, a, b); break;
    case GCONST_MUL: mpz_mul(a, a, b); break;
    case GCONST_QUO_INT: mpz_tdiv_q(a, a, b); break;
    case GCONST_REM: mpz_tdiv_r(a, a, b); break;
    case GCONST_AND: mpz_and(a, a, b); break;
    case GCONST_OR: mpz_ior(a, a, b); break;
    case GCONST_XOR: mpz_xor(a, a, b); break;
    case GCONST_AND_NOT:
        mpz_com(b, b);
        mpz_and(a, a, b);
        break;
    default:
        mpz_clears(a, b, NULL);
        return err_unknown(c, err, GCONST_EKIND);
    }
    gconst *r = int_from_z(c, a);
    mpz_clears(a, b, NULL);
    return r;
}

static gconst *float_op(gconst_ctx *c, const gconst *x, gconst_op op, const gconst *y,
                        gconst_err *err) {
    if (op != GCONST_ADD && op != GCONST_SUB && op != GCONST_MUL && op != GCONST_QUO)
        return err_unknown(c, err, GCONST_EKIND);
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    gconst *r;
    if (get_q(a, x) && get_q(b, y)) {
        switch (op) {
        case GCONST_ADD: mpq_add(a, a, b); break;
        case GCONST_SUB: mpq_sub(a, a, b); break;
        case GCONST_MUL: mpq_mul(a, a, b); break;
        default: mpq_div(a, a, b); break;
        }
        r = float_from_q(c, a, err);
    } else {
        bf fa, fb, fr;
        bf_init(&fa);
        bf_init(&fb);
        bf_init(&fr);
        if (get_bf(&fa, x) && get_bf(&fb, y) && bf_binary(&fr, &fa, op, &fb))
            r = float_from_bf(c, &fr);
        else
            r = err_unknown(c, err, GCONST_ERANGE);
        bf_clear(&fa);
        bf_clear(&fb);
        bf_clear(&fr);
    }
    mpq_clears(a, b, NULL);
    return r;
}

gconst *gconst_binary(gconst_ctx *c, const gconst *x, gconst_op op, const gconst *y,
                      gconst_err *err) {
    if (err)
        *err = GCONST_OK;
    if (x->kind == GCONST_UNKNOWN)
        return (gconst *)x;
    if (y->kind == GCONST_UNKNOWN)
        return (gconst *)y;
    if (is_cmp(op)) {
        bool same = x->kind == y->kind || (is_num(x) && is_num(y));
        if (!same || (x->kind == GCONST_BOOL && op != GCONST_EQL && op != GCONST_NEQ))
            return err_unknown(c, err, GCONST_EKIND);
        return gconst_bool(c, gconst_compare(x, op, y));
    }
    if (x->kind == GCONST_BOOL && y->kind == GCONST_BOOL) {
        if (op == GCONST_LAND)
            return gconst_bool(c, x->u.b && y->u.b);
        if (op == GCONST_LOR)
            return gconst_bool(c, x->u.b || y->u.b);
        return err_unknown(c, err, GCONST_EKIND);
    }
    if (x->kind == GCONST_STRING && y->kind == GCONST_STRING) {
        if (op != GCONST_ADD)
            return err_unknown(c, err, GCONST_EKIND);
        gconst *r = mk(c, GCONST_STRING, 0);
        char *p = arena_alloc(c->arena, x->u.s.n + y->u.s.n + 1);
        memcpy(p, x->u.s.p, x->u.s.n);
        memcpy(p + x->u.s.n, y->u.s.p, y->u.s.n);
        r->u.s.p = p;
        r->u.s.n = x->u.s.n + y->u.s.n;
        return r;
    }
    if (!is_num(x) || !is_num(y))
        return err_unknown(c, err, GCONST_EKIND);
    if ((op == GCONST_QUO || op == GCONST_QUO_INT || op == GCONST_REM) && gconst_sign(y) == 0)
        return err_unknown(c, err, GCONST_EDIVZERO);
    if (x->kind == GCONST_INT && y->kind == GCONST_INT && op != GCONST_QUO)
        return int_op(c, x, op, y, err);
    return float_op(c, x, op, y, err);
}

gconst *gconst_shift(gconst_ctx *c, const gconst *x, gconst_op op, uint64_t s,
                     gconst_err *err) {
    if (err)
        *err = GCONST_OK;
    if (x->kind == GCONST_UNKNOWN)
        return (gconst *)x;
    if (x->kind != GCONST_INT || (op != GCONST_SHL && op != GCONST_SHR))
        return err_unknown(c, err, GCONST_EKIND);
    if (s > GCONST_MAX_SHIFT)
        return err_unknown(c, err, GCONST_ESHIFT);
    if (x->rep == R_SMALL) {
        int64_t v = x->u.i;
        if (op == GCONST_SHR)
            return gconst_int64(c, s >= 63 ? (v < 0 ? -1 : 0) : v >> s);
        if (v == 0)
            return gconst_int64(c, 0); /* 0 << s for any s; s may be >= 64 */
        if (s < 63 && v >= -(INT64_C(1) << (62 - s)) && v < (INT64_C(1) << (62 - s)))
            return gconst_int64(c, (int64_t)((uint64_t)v << s));
    }
    mpz_t z;
    mpz_init(z);
    get_z(z, x);
    if (op == GCONST_SHL)
        mpz_mul_2exp(z, z, (mp_bitcnt_t)s);
    else
        mpz_fdiv_q_2exp(z, z, (mp_bitcnt_t)s);
    gconst *r = int_from_z(c, z);
    mpz_clear(z);
    return r;
}

static int num_cmp(const gconst *x, const gconst *y) {
    if (x->kind == GCONST_INT && y->kind == GCONST_INT) {
        if (x->rep == R_SMALL && y->rep == R_SMALL)
            return (x->u.i > y->u.i) - (x->u.i < y->u.i);
        mpz_t a, b;
        mpz_inits(a, b, NULL);
        get_z(a, x);
        get_z(b, y);
        int r = mpz_cmp(a, b);
        mpz_clears(a, b, NULL);
        return (r > 0) - (r < 0);
    }
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    int r;
    if (get_q(a, x) && get_q(b, y)) {
        r = mpq_cmp(a, b);
    } else { /* as go/constant: both rounded to big floats */
        bf fa, fb;
        bf_init(&fa);
        bf_init(&fb);
        get_bf(&fa, x);
        get_bf(&fb, y);
        r = bf_cmp(&fa, &fb);
        bf_clear(&fa);
        bf_clear(&fb);
    }
    mpq_clears(a, b, NULL);
    return (r > 0) - (r < 0);
}

bool gconst_compare(const gconst *x, gconst_op op, const gconst *y) {
    if (is_num(x) && is_num(y))
        return cmp_result(num_cmp(x, y), op);
    if (x->kind != y->kind)
        return false;
    switch (x->kind) {
    case GCONST_BOOL:
        if (op == GCONST_EQL)
            return x->u.b == y->u.b;
        if (op == GCONST_NEQ)
            return x->u.b != y->u.b;
        return false;
    case GCONST_STRING: {
        size_t n = x->u.s.n < y->u.s.n ? x->u.s.n : y->u.s.n;
        int r = n ? memcmp(x->u.s.p, y->u.s.p, n) : 0;
        if (r == 0)
            r = (x->u.s.n > y->u.s.n) - (x->u.s.n < y->u.s.n);
        return cmp_result(r, op);
    }
    default:
        return false;
    }
}

/* ------------------------------------------------------------------ */
/* Basic types and representability */

unsigned gconst_basic_bits(gconst_basic t) {
    switch (t) {
    case GCONST_T_INT8: case GCONST_T_UINT8: return 8;
    case GCONST_T_INT16: case GCONST_T_UINT16: return 16;
    case GCONST_T_INT32: case GCONST_T_UINT32: case GCONST_T_FLOAT32: return 32;
    case GCONST_T_INT: case GCONST_T_INT64: case GCONST_T_UINT: case GCONST_T_UINT64:
    case GCONST_T_UINTPTR: case GCONST_T_FLOAT64: return 64;
    default: return 0;
    }
}

bool gconst_basic_is_unsigned(gconst_basic t) {
    return t >= GCONST_T_UINT && t <= GCONST_T_UINTPTR;
}

bool gconst_basic_is_integer(gconst_basic t) {
    return (t >= GCONST_T_INT && t <= GCONST_T_UINTPTR) || t == GCONST_T_UNTYPED_INT ||
           t == GCONST_T_UNTYPED_RUNE;
}

bool gconst_basic_is_float(gconst_basic t) {
    return t == GCONST_T_FLOAT32 || t == GCONST_T_FLOAT64 || t == GCONST_T_UNTYPED_FLOAT;
}

static bool basic_is_string(gconst_basic t) {
    return t == GCONST_T_STRING || t == GCONST_T_UNTYPED_STRING;
}

const char *gconst_basic_name(gconst_basic t) {
    static const char *const names[] = {
        [GCONST_T_BOOL] = "bool", [GCONST_T_STRING] = "string",
        [GCONST_T_INT] = "int", [GCONST_T_INT8] = "int8", [GCONST_T_INT16] = "int16",
        [GCONST_T_INT32] = "int32", [GCONST_T_INT64] = "int64", [GCONST_T_UINT] = "uint",
        [GCONST_T_UINT8] = "uint8", [GCONST_T_UINT16] = "uint16", [GCONST_T_UINT32] = "uint32",
        [GCONST_T_UINT64] = "uint64", [GCONST_T_UINTPTR] = "uintptr",
        [GCONST_T_FLOAT32] = "float32", [GCONST_T_FLOAT64] = "float64",
        [GCONST_T_UNTYPED_BOOL] = "untyped bool", [GCONST_T_UNTYPED_INT] = "untyped int",
        [GCONST_T_UNTYPED_RUNE] = "untyped rune", [GCONST_T_UNTYPED_FLOAT] = "untyped float",
        [GCONST_T_UNTYPED_STRING] = "untyped string",
    };
    if ((unsigned)t >= sizeof names / sizeof names[0])
        return "invalid type";
    return names[t];
}

static bool int_fits(const gconst *x, gconst_basic to) {
    if (to == GCONST_T_UNTYPED_INT || to == GCONST_T_UNTYPED_RUNE)
        return true;
    unsigned bits = gconst_basic_bits(to);
    size_t n = gconst_bitlen(x);
    int sign = gconst_sign(x);
    if (gconst_basic_is_unsigned(to))
        return sign >= 0 && n <= bits;
    if (n < bits)
        return true;
    /* -2^(bits-1) is the one value with bitlen == bits that fits */
    if (n == bits && sign < 0) {
        mpz_t z;
        mpz_init(z);
        get_z(z, x);
        mpz_neg(z, z);
        bool pow2 = mpz_scan1(z, 0) == (mp_bitcnt_t)(bits - 1);
        mpz_clear(z);
        return pow2;
    }
    return false;
}

/* types2 representableConst. *out as documented in constant.h. */
static bool representable(gconst_ctx *c, const gconst *x, gconst_basic to, gconst **out) {
    *out = (gconst *)x;
    if (x->kind == GCONST_UNKNOWN)
        return true;
    if (gconst_basic_is_integer(to)) {
        gconst *xi = gconst_to_int(c, x);
        if (xi->kind != GCONST_INT)
            return false;
        *out = xi;
        return int_fits(xi, to);
    }
    if (gconst_basic_is_float(to)) {
        if (!is_num(x))
            return false;
        if (to == GCONST_T_UNTYPED_FLOAT)
            return true;
        bool dummy;
        double d = to == GCONST_T_FLOAT32 ? (double)gconst_float32_val(x, &dummy)
                                          : gconst_float64_val(x, &dummy);
        if (isinf(d))
            return false;
        *out = gconst_float64(c, d == 0 ? 0.0 : d); /* MakeFloat64(f) of x+0: no -0 */
        return true;
    }
    if (basic_is_string(to))
        return x->kind == GCONST_STRING;
    if (to == GCONST_T_BOOL || to == GCONST_T_UNTYPED_BOOL)
        return x->kind == GCONST_BOOL;
    return false;
}

static bool basic_is_numeric(gconst_basic t) {
    return gconst_basic_is_integer(t) || gconst_basic_is_float(t);
}

gconst_repr gconst_represent(gconst_ctx *c, const gconst *x, gconst_basic from, gconst_basic to,
                             gconst **out) {
    gconst *v;
    if (representable(c, x, to, &v)) {
        if (out)
            *out = v;
        return GCONST_REPR_OK;
    }
    if (out)
        *out = v;
    if (basic_is_numeric(from) && basic_is_numeric(to)) {
        if (!gconst_basic_is_integer(from) && gconst_basic_is_integer(to))
            return GCONST_REPR_TRUNCATED;
        return GCONST_REPR_OVERFLOWS;
    }
    return GCONST_REPR_INVALID;
}

gconst_repr gconst_convert(gconst_ctx *c, const gconst *x, gconst_basic from, gconst_basic to,
                           gconst **out) {
    gconst_repr r = gconst_represent(c, x, from, to, out);
    if (r != GCONST_REPR_OK && gconst_basic_is_integer(from) && basic_is_string(to) &&
        x->kind == GCONST_INT) {
        if (out)
            *out = gconst_rune_string(c, x);
        return GCONST_REPR_OK;
    }
    return r;
}

/* ------------------------------------------------------------------ */
/* Literals */

static int digitval(int ch) {
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return 99;
}

static gconst *int_literal(gconst_ctx *c, const char *s, size_t n) {
    int base = 10;
    size_t i = 0;
    if (n >= 2 && s[0] == '0') {
        char b = (char)(s[1] | 0x20);
        if (b == 'x')
            base = 16, i = 2;
        else if (b == 'b')
            base = 2, i = 2;
        else if (b == 'o')
            base = 8, i = 2;
        else
            base = 8, i = 1; /* legacy octal 0777 */
    }
    mpz_t z;
    mpz_init(z);
    bool any = i == 1;
    for (; i < n; i++) {
        if (s[i] == '_')
            continue;
        int d = digitval((unsigned char)s[i]);
        if (d >= base) {
            mpz_clear(z);
            return NULL;
        }
        mpz_mul_ui(z, z, (unsigned long)base);
        mpz_add_ui(z, z, (unsigned long)d);
        any = true;
    }
    gconst *x = any ? int_from_z(c, z) : NULL;
    mpz_clear(z);
    return x;
}

/* 10^k as a big float with at least 600 correct bits (k > 0), for decimal
 * literals whose exponent is too large to expand exactly. Returns false on
 * exponent overflow. */
static bool pow10_bf(bf *r, uint64_t k) {
    bf b;
    bf_init(&b);
    mpz_set_ui(b.m, 10);
    b.e = 0;
    mpz_set_ui(r->m, 1);
    r->e = 0;
    bool ok = true;
    while (k && ok) {
        if (k & 1) {
            mpz_mul(r->m, r->m, b.m);
            r->e += b.e;
        }
        k >>= 1;
        if (k) {
            mpz_mul(b.m, b.m, b.m);
            b.e *= 2;
        }
        /* keep ~640 bits: truncation errors stay far below the 512-bit
         * rounding point */
        bf *v[2] = {r, &b};
        for (int j = 0; j < 2; j++) {
            size_t len = mpz_sizeinbase(v[j]->m, 2);
            if (len > 640) {
                mpz_fdiv_q_2exp(v[j]->m, v[j]->m, len - 640);
                v[j]->e += (int64_t)(len - 640);
            }
            if (v[j]->e > (int64_t)1 << 40)
                ok = false;
        }
    }
    bf_clear(&b);
    return ok;
}

static gconst *float_literal(gconst_ctx *c, const char *s, size_t n, gconst_err *err) {
    bool hex = n >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x';
    int base = hex ? 16 : 10;
    size_t i = hex ? 2 : 0;
    mpz_t m;
    mpz_init(m);
    int64_t frac = 0;
    bool dot = false, any = false;
    for (; i < n; i++) {
        char ch = s[i];
        if (ch == '_')
            continue;
        if (ch == '.') {
            if (dot)
                goto bad;
            dot = true;
            continue;
        }
        int d = digitval((unsigned char)ch);
        if (d >= base)
            break;
        mpz_mul_ui(m, m, (unsigned long)base);
        mpz_add_ui(m, m, (unsigned long)d);
        if (dot)
            frac++;
        any = true;
    }
    if (!any)
        goto bad;
    int64_t exp = 0;
    if (i < n) {
        char e = (char)(s[i] | 0x20);
        if ((hex && e != 'p') || (!hex && e != 'e'))
            goto bad;
        i++;
        bool neg = false;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            neg = s[i++] == '-';
        if (i == n)
            goto bad;
        for (; i < n; i++) {
            if (s[i] == '_')
                continue;
            if (s[i] < '0' || s[i] > '9')
                goto bad;
            if (exp < (int64_t)1 << 50)
                exp = exp * 10 + (s[i] - '0');
        }
        if (neg)
            exp = -exp;
    } else if (hex) {
        goto bad; /* hexadecimal mantissa requires a 'p' exponent */
    }
    gconst *x;
    if (hex) {
        mpq_t q;
        int64_t e2 = exp - 4 * frac;
        bf f;
        bf_init(&f);
        if (mpz_sgn(m) == 0 || (e2 > -MAX_EXP * 2 && e2 < MAX_EXP * 2)) {
            mpq_init(q);
            mpz_set(mpq_numref(q), m);
            if (e2 >= 0)
                mpz_mul_2exp(mpq_numref(q), mpq_numref(q), (mp_bitcnt_t)e2);
            else
                mpz_mul_2exp(mpq_denref(q), mpq_denref(q), (mp_bitcnt_t)-e2);
            mpq_canonicalize(q);
            x = float_from_q(c, q, err);
            mpq_clear(q);
        } else if (bf_round(&f, m, e2, NULL)) {
            x = float_from_bf(c, &f);
        } else {
            x = err_unknown(c, err, GCONST_ERANGE);
        }
        bf_clear(&f);
        mpz_clear(m);
        return x;
    }
    int64_t e10 = exp - frac;
    if (mpz_sgn(m) == 0) {
        e10 = 0;
    }
    /* Exact while the fraction stays small (go/constant: a literal whose
     * float value has a small exponent becomes a ratVal). */
    int64_t est = (int64_t)mpz_sizeinbase(m, 2) + (int64_t)((double)e10 * 3.3219280948873623);
    if (est > -MAX_EXP - 64 && est < MAX_EXP + 64 && e10 > -20000 && e10 < 20000) {
        mpq_t q;
        mpq_init(q);
        mpz_set(mpq_numref(q), m);
        mpz_t p;
        mpz_init(p);
        mpz_ui_pow_ui(p, 10, (unsigned long)(e10 < 0 ? -e10 : e10));
        if (e10 >= 0)
            mpz_mul(mpq_numref(q), mpq_numref(q), p);
        else
            mpz_set(mpq_denref(q), p);
        mpz_clear(p);
        mpq_canonicalize(q);
        bf f;
        bf_init(&f);
        bool ok = bf_round(&f, mpq_numref(q), 0, mpq_denref(q));
        int64_t me = mpz_sgn(f.m) ? bf_mantexp(&f) : 0;
        if (ok && -MAX_EXP < me && me < MAX_EXP) {
            gconst *r = mk(c, GCONST_FLOAT, R_RAT);
            r->u.g.big = newbig(c, B_Q);
            mpq_swap(r->u.g.big->v.q, q);
            x = r;
        } else if (ok) {
            x = float_from_bf(c, &f);
        } else {
            x = err_unknown(c, err, GCONST_ERANGE);
        }
        bf_clear(&f);
        mpq_clear(q);
        mpz_clear(m);
        return x;
    }
    /* Huge exponent: m * 10^e10 through an approximate power of ten. */
    bf p, r;
    bf_init(&p);
    bf_init(&r);
    if (e10 >= ((int64_t)1 << 40) || e10 <= -((int64_t)1 << 40) || !pow10_bf(&p, (uint64_t)(e10 < 0 ? -e10 : e10))) {
        x = err_unknown(c, err, GCONST_ERANGE);
    } else {
        bool ok;
        if (e10 > 0) {
            mpz_mul(m, m, p.m);
            ok = bf_round(&r, m, p.e, NULL);
        } else {
            ok = bf_round(&r, m, -p.e, p.m);
        }
        if (ok && mpz_sgn(r.m) != 0)
            x = float_from_bf(c, &r);
        else /* big.Float SetString fails at this size: Go has no value */
            x = err_unknown(c, err, GCONST_ERANGE);
    }
    bf_clear(&p);
    bf_clear(&r);
    mpz_clear(m);
    return x;
bad:
    mpz_clear(m);
    return NULL;
}

/* Decodes one escape or character at s[*i] (inside quote q). Returns the
 * value, or -1 on error; *byte says whether it is a single byte (\x, octal)
 * rather than a rune. */
static int64_t unquote_char(const char *s, size_t n, size_t *i, char q, bool *byte) {
    *byte = false;
    unsigned char ch = (unsigned char)s[*i];
    if (ch != '\\') {
        if (ch < 0x80) {
            (*i)++;
            return ch;
        }
        /* a UTF-8 sequence: decode it */
        int len = ch >= 0xf0 ? 4 : ch >= 0xe0 ? 3 : ch >= 0xc0 ? 2 : 1;
        if (len == 1 || *i + (size_t)len > n) {
            (*i)++;
            *byte = true;
            return ch;
        }
        uint32_t r = ch & (0x7f >> len);
        for (int k = 1; k < len; k++)
            r = r << 6 | ((unsigned char)s[*i + (size_t)k] & 0x3f);
        *i += (size_t)len;
        return r;
    }
    if (++*i >= n)
        return -1;
    ch = (unsigned char)s[(*i)++];
    int ndig = 0, base = 16;
    switch (ch) {
    case 'a': return 7;
    case 'b': return 8;
    case 'f': return 12;
    case 'n': return 10;
    case 'r': return 13;
    case 't': return 9;
    case 'v': return 11;
    case '\\': return '\\';
    case '\'': case '"':
        return ch == (unsigned char)q ? ch : -1;
    case 'x': ndig = 2; *byte = true; break;
    case 'u': ndig = 4; break;
    case 'U': ndig = 8; break;
    default: /* \ooo: three octal digits, the first one read again */
        if (ch < '0' || ch > '7')
            return -1;
        (*i)--;
        ndig = 3, base = 8, *byte = true;
        break;
    }
    int64_t v = 0;
    for (int k = 0; k < ndig; k++) {
        if (*i >= n)
            return -1;
        int d = digitval((unsigned char)s[(*i)++]);
        if (d >= base)
            return -1;
        v = v * base + d;
    }
    if (*byte && v > 255)
        return -1;
    if (!*byte && !valid_rune((uint64_t)v))
        return -1;
    return v;
}

static gconst *char_literal(gconst_ctx *c, const char *s, size_t n) {
    if (n < 3 || s[0] != '\'' || s[n - 1] != '\'')
        return NULL;
    size_t i = 1;
    bool byte;
    int64_t v = unquote_char(s, n - 1, &i, '\'', &byte);
    if (v < 0 || i != n - 1)
        return NULL;
    return gconst_int64(c, v);
}

static gconst *string_literal(gconst_ctx *c, const char *s, size_t n) {
    if (n < 2 || s[0] != s[n - 1] || (s[0] != '"' && s[0] != '`'))
        return NULL;
    char *out = arena_alloc(c->arena, n);
    size_t o = 0;
    if (s[0] == '`') {
        for (size_t i = 1; i < n - 1; i++)
            if (s[i] != '\r')
                out[o++] = s[i];
    } else {
        size_t i = 1;
        while (i < n - 1) {
            bool byte;
            size_t start = i;
            bool esc = s[i] == '\\';
            int64_t v = unquote_char(s, n - 1, &i, '"', &byte);
            if (v < 0)
                return NULL;
            if (!esc) { /* source bytes, valid UTF-8 or not, pass through */
                memcpy(out + o, s + start, i - start);
                o += i - start;
            } else if (byte) {
                out[o++] = (char)v;
            } else {
                o += utf8_encode(out + o, (uint32_t)v);
            }
        }
    }
    gconst *x = mk(c, GCONST_STRING, 0);
    out[o] = 0;
    x->u.s.p = out;
    x->u.s.n = o;
    return x;
}

gconst *gconst_literal(gconst_ctx *c, gconst_lit kind, const char *lit, size_t len) {
    switch (kind) {
    case GCONST_LIT_INT:
        return int_literal(c, lit, len);
    case GCONST_LIT_FLOAT:
        return float_literal(c, lit, len, NULL);
    case GCONST_LIT_CHAR:
        return char_literal(c, lit, len);
    case GCONST_LIT_STRING:
        return string_literal(c, lit, len);
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Formatting */

/* A growable buffer for the formatters (malloc'd; callers copy out). */
typedef struct {
    char *p;
    size_t n, cap;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            abort();
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void sb_puts(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

static void sb_z(sbuf *b, const mpz_t z, int base) {
    size_t n = mpz_sizeinbase(z, base) + 2;
    char *tmp = malloc(n);
    if (!tmp)
        abort();
    mpz_get_str(tmp, base, z);
    sb_puts(b, tmp);
    free(tmp);
}

/* Decodes one UTF-8 rune at s (n > 0): *size bytes; -1 if invalid. */
static int32_t utf8_decode(const unsigned char *s, size_t n, size_t *size) {
    unsigned char c0 = s[0];
    *size = 1;
    if (c0 < 0x80)
        return c0;
    int len = c0 >= 0xf8 ? 0 : c0 >= 0xf0 ? 4 : c0 >= 0xe0 ? 3 : c0 >= 0xc2 ? 2 : 0;
    if (len == 0 || (size_t)len > n)
        return -1;
    int32_t r = c0 & (0x7f >> len);
    for (int k = 1; k < len; k++) {
        if ((s[k] & 0xc0) != 0x80)
            return -1;
        r = r << 6 | (s[k] & 0x3f);
    }
    static const int32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (r < min[len] || !valid_rune((uint64_t)r))
        return -1;
    *size = (size_t)len;
    return r;
}

/* strconv.IsPrint for the runes gort's messages meet: Go's tables mark
 * controls, the Unicode spaces other than U+0020, separators and format
 * characters as unprintable; every other assigned rune prints. (Go also
 * escapes unassigned code points; this table does not know them.) */
static bool is_print(int32_t r) {
    if (r < 0x20 || (r >= 0x7f && r <= 0xa0) || r == 0xad)
        return false;
    if (r == 0x1680 || (r >= 0x2000 && r <= 0x200f) || (r >= 0x2028 && r <= 0x202f) ||
        (r >= 0x205f && r <= 0x206f) || r == 0x3000 || r == 0xfeff ||
        (r >= 0xfff9 && r <= 0xfffb) || (r >= 0xe000 && r <= 0xf8ff) || r >= 0xf0000 ||
        r == 0xfffe || r == 0xffff || (r & 0xfffe) == 0xfffe)
        return false;
    return true;
}

/* strconv.Quote. */
static void quote(sbuf *b, const char *s, size_t n) {
    sb_put(b, "\"", 1);
    char tmp[16];
    for (size_t i = 0; i < n;) {
        size_t size;
        int32_t r = utf8_decode((const unsigned char *)s + i, n - i, &size);
        if (r < 0) {
            snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned char)s[i]);
            sb_puts(b, tmp);
            i++;
            continue;
        }
        switch (r) {
        case '\a': sb_puts(b, "\\a"); break;
        case '\b': sb_puts(b, "\\b"); break;
        case '\f': sb_puts(b, "\\f"); break;
        case '\n': sb_puts(b, "\\n"); break;
        case '\r': sb_puts(b, "\\r"); break;
        case '\t': sb_puts(b, "\\t"); break;
        case '\v': sb_puts(b, "\\v"); break;
        case '\\': sb_puts(b, "\\\\"); break;
        case '"': sb_puts(b, "\\\""); break;
        default:
            if (is_print(r)) {
                sb_put(b, s + i, size);
            } else {
                if (r < ' ' || r == 0x7f)
                    snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned)r);
                else if (r < 0x10000)
                    snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)r);
                else
                    snprintf(tmp, sizeof tmp, "\\U%08x", (unsigned)r);
                sb_puts(b, tmp);
            }
        }
        i += size;
    }
    sb_put(b, "\"", 1);
}

/* go/constant stringVal.String: quoted, cut to 72 runes with "...". */
static void string_str(sbuf *b, const gconst *x) {
    sbuf q = {0};
    quote(&q, x->u.s.p, x->u.s.n);
    enum { MAXLEN = 72 };
    size_t runes = 0, cut = 0;
    for (size_t i = 0; i < q.n; runes++) {
        size_t size;
        utf8_decode((const unsigned char *)q.p + i, q.n - i, &size);
        i += size;
        if (runes + 1 == MAXLEN - 3)
            cut = i;
    }
    if (runes > MAXLEN) {
        sb_put(b, q.p, cut);
        sb_puts(b, "...");
    } else {
        sb_put(b, q.p, q.n);
    }
    free(q.p);
}

/* go/constant floatVal.String for the big float f (nonzero). */
static void bf_str(sbuf *b, const bf *f) {
    char tmp[64];
    bool exact;
    double d = ratio_to_double(f->m, f->e, NULL, &exact, 53, -1074, 1024);
    if (d != 0 && !isinf(d)) {
        snprintf(tmp, sizeof tmp, "%.6g", d);
        sb_puts(b, tmp);
        return;
    }
    /* Out of float64 range: f = mant * 2^exp with 0.5 <= |mant| < 1, then
     * approximately m * 10^e, exactly as go/constant computes it. */
    int64_t exp = bf_mantexp(f);
    double m = ratio_to_double(f->m, -(int64_t)mpz_sizeinbase(f->m, 2), NULL, &exact, 53, -1074,
                               1024);
    const double log10_2 = 0x1.34413509f79ffp-2; /* float64(math.Ln2 / math.Ln10) */
    double dd = (double)exp * log10_2;
    int64_t e = (int64_t)dd;
    m *= pow(10, dd - (double)e);
    double am = fabs(m);
    if (am < 1 - 0.5e-6) {
        m *= 10;
        e--;
    } else if (am >= 10) {
        m /= 10;
        e++;
    }
    snprintf(tmp, sizeof tmp, "%.6ge%+" PRId64, m, e);
    sb_puts(b, tmp);
}

static void value_str(sbuf *b, const gconst *x) {
    char tmp[32];
    switch (x->kind) {
    case GCONST_UNKNOWN:
        sb_puts(b, "unknown");
        break;
    case GCONST_BOOL:
        sb_puts(b, x->u.b ? "true" : "false");
        break;
    case GCONST_STRING:
        string_str(b, x);
        break;
    case GCONST_INT:
        if (x->rep == R_SMALL) {
            snprintf(tmp, sizeof tmp, "%" PRId64, x->u.i);
            sb_puts(b, tmp);
        } else {
            sb_z(b, x->u.g.big->v.z, 10);
        }
        break;
    case GCONST_FLOAT: {
        bf f;
        bf_init(&f);
        if (!get_bf(&f, x) || mpz_sgn(f.m) == 0)
            sb_puts(b, mpz_sgn(f.m) == 0 ? "0" : "unknown");
        else
            bf_str(b, &f);
        bf_clear(&f);
        break;
    }
    }
}

const char *gconst_str(gconst_ctx *c, const gconst *x) {
    sbuf b = {0};
    value_str(&b, x);
    const char *r = arena_strndup(c->arena, b.p ? b.p : "", b.n);
    free(b.p);
    return r;
}

size_t gconst_format(char *buf, size_t n, const gconst *x) {
    sbuf b = {0};
    value_str(&b, x);
    if (n > 0) {
        size_t k = b.n < n - 1 ? b.n : n - 1;
        if (k)
            memcpy(buf, b.p, k);
        buf[k] = 0;
    }
    size_t len = b.n;
    free(b.p);
    return len;
}

const char *gconst_exact_str(gconst_ctx *c, const gconst *x) {
    sbuf b = {0};
    if (x->kind == GCONST_STRING) {
        quote(&b, x->u.s.p, x->u.s.n);
    } else if (x->kind == GCONST_FLOAT && x->rep == R_RAT) {
        const mpq_srcptr q = x->u.g.big->v.q;
        sb_z(&b, mpq_numref(q), 10);
        if (mpz_cmp_ui(mpq_denref(q), 1) != 0) {
            sb_puts(&b, "/");
            sb_z(&b, mpq_denref(q), 10);
        }
    } else if (x->kind == GCONST_FLOAT) {
        /* big.Float Text('p', 0): "0x." hex mantissa in [0.5, 1), "p", exp */
        mpz_t m;
        mpz_init(m);
        mpz_abs(m, x->u.g.big->v.z);
        int64_t n = (int64_t)mpz_sizeinbase(m, 2);
        int64_t exp = x->u.g.e + n;
        int64_t pad = (4 - n % 4) % 4;
        mpz_mul_2exp(m, m, (mp_bitcnt_t)pad);
        while (mpz_divisible_2exp_p(m, 4) && mpz_sgn(m))
            mpz_fdiv_q_2exp(m, m, 4);
        sb_puts(&b, mpz_sgn(x->u.g.big->v.z) < 0 ? "-0x." : "0x.");
        sb_z(&b, m, 16);
        char tmp[32];
        snprintf(tmp, sizeof tmp, "p%+" PRId64, exp);
        sb_puts(&b, tmp);
        mpz_clear(m);
    } else {
        value_str(&b, x);
    }
    const char *r = arena_strndup(c->arena, b.p ? b.p : "", b.n);
    free(b.p);
    return r;
}

const char *gconst_op_name(gconst_op op, bool unary) {
    if (unary)
        return op == GCONST_XOR ? "bitwise complement" : "";
    switch (op) {
    case GCONST_ADD: return "addition";
    case GCONST_SUB: return "subtraction";
    case GCONST_XOR: return "bitwise XOR";
    case GCONST_MUL: return "multiplication";
    case GCONST_SHL: return "shift";
    default: return "";
    }
}
