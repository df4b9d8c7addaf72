/*
 * math.c: natives of package math (stdlib/math/math.go declares the API).
 *
 * Each is the C library's function of the same meaning: IEEE 754 double
 * precision, so results agree with Go's wherever both are correctly
 * rounded (Sqrt, Floor, Ceil, Trunc, Abs, Mod are exact; the
 * transcendental functions may differ from Go's in the last bit).
 */
#include <math.h>
#include <string.h>

#include "natives.h"

/* Go's Max: +Inf wins over NaN, NaN over numbers, +0 over -0. */
static double gomax(double x, double y) {
    if (isinf(x) && x > 0) return x;
    if (isinf(y) && y > 0) return y;
    if (isnan(x) || isnan(y)) return NAN;
    if (x == 0 && y == 0) return signbit(x) ? y : x;
    return x > y ? x : y;
}

#define F1(goname, cexpr)                                          \
    static void math_##goname(struct vmstate *vm, vmslot *r) {     \
        (void)vm;                                                  \
        double x = r[0].f;                                         \
        r[1].f = (cexpr);                                          \
    }
#define F2(goname, cexpr)                                          \
    static void math_##goname(struct vmstate *vm, vmslot *r) {     \
        (void)vm;                                                  \
        double x = r[0].f, y = r[1].f;                             \
        r[2].f = (cexpr);                                          \
    }

F1(Sqrt, sqrt(x))
F1(Abs, fabs(x))
F1(Floor, floor(x))
F1(Ceil, ceil(x))
F1(Trunc, trunc(x))
F1(Round, round(x))
F1(Sin, sin(x))
F1(Cos, cos(x))
F1(Tan, tan(x))
F1(Atan, atan(x))
F1(Exp, exp(x))
F1(Log, log(x))
F1(Log2, log2(x))
F1(Log10, log10(x))
F2(Pow, pow(x, y))
F2(Atan2, atan2(x, y))
F2(Mod, fmod(x, y))
F2(Max, gomax(x, y))
F2(Min, -gomax(-x, -y))
F2(Hypot, hypot(x, y))

/* func Inf(sign int) float64 */
static void math_Inf(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].f = r[0].i >= 0 ? INFINITY : -INFINITY;
}
/* func NaN() float64 */
static void math_NaN(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[0].f = NAN;
}
/* func IsNaN(f float64) (is bool) */
static void math_IsNaN(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].i = isnan(r[0].f);
}
/* func IsInf(f float64, sign int) bool */
static void math_IsInf(struct vmstate *vm, vmslot *r) {
    (void)vm;
    double f = r[0].f;
    int64_t sign = r[1].i;
    r[2].i = (sign >= 0 && f == INFINITY) || (sign <= 0 && f == -INFINITY);
}

/* func Float64bits(f float64) uint64 and friends: the IEEE 754 bits */
static void math_Float64bits(struct vmstate *vm, vmslot *r) { (void)vm, r[1].u = r[0].u; }
static void math_Float64frombits(struct vmstate *vm, vmslot *r) { (void)vm, r[1].u = r[0].u; }
static void math_Float32bits(struct vmstate *vm, vmslot *r) {
    (void)vm;
    float f = (float)r[0].f;
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    r[1].u = b;
}
static void math_Float32frombits(struct vmstate *vm, vmslot *r) {
    (void)vm;
    uint32_t b = (uint32_t)r[0].u;
    float f;
    memcpy(&f, &b, sizeof f);
    r[1].f = f;
}

static const vmnative natives[] = {
    {"math.Float64bits", math_Float64bits},     {"math.Float64frombits", math_Float64frombits},
    {"math.Float32bits", math_Float32bits},     {"math.Float32frombits", math_Float32frombits},
    {"math.Sqrt", math_Sqrt},   {"math.Abs", math_Abs},     {"math.Floor", math_Floor},
    {"math.Ceil", math_Ceil},   {"math.Trunc", math_Trunc}, {"math.Round", math_Round},
    {"math.Sin", math_Sin},     {"math.Cos", math_Cos},     {"math.Tan", math_Tan},
    {"math.Atan", math_Atan},   {"math.Exp", math_Exp},     {"math.Log", math_Log},
    {"math.Log2", math_Log2},   {"math.Log10", math_Log10}, {"math.Pow", math_Pow},
    {"math.Atan2", math_Atan2}, {"math.Mod", math_Mod},     {"math.Max", math_Max},
    {"math.Min", math_Min},     {"math.Hypot", math_Hypot}, {"math.Inf", math_Inf},
    {"math.NaN", math_NaN},     {"math.IsNaN", math_IsNaN}, {"math.IsInf", math_IsInf},
};
const vmnative_table vm_natives_math = {natives, (int)(sizeof natives / sizeof natives[0])};
