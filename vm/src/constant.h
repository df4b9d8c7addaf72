/*
 * constant.h: exact constant values, as Go's type checker computes them.
 *
 * A gconst is an immutable value of one of five kinds:
 *
 *   GCONST_UNKNOWN  the result of an operation that went wrong (an error was
 *                   or will be reported); every operation on it yields it
 *                   again, so one error does not cascade
 *   GCONST_BOOL     true or false
 *   GCONST_STRING   bytes (any bytes; Go strings need not be UTF-8)
 *   GCONST_INT      an exact integer of any size (runes are integers: the
 *                   checker's type says "untyped rune", the value is an int)
 *   GCONST_FLOAT    a number that is not (or not known to be) an integer:
 *                   an exact rational while its numerator and denominator
 *                   stay below 4096 bits, otherwise a binary float with a
 *                   512-bit mantissa rounded to nearest-even (go/constant's
 *                   ratVal / floatVal split; docs/design/constants.md)
 *
 * The value's kind is not its type: the checker keeps the type (untyped int,
 * untyped float, int8, ...) beside the value, and passes it as a gconst_basic
 * where Go's rules depend on it (representability, ^x of unsigned types).
 *
 * Memory: values live in a gconst_ctx, one per compilation. Structs come
 * from the compilation's arena; gmp's limbs come from gmp's own allocator
 * and every value that owns gmp memory is on the context's cleanup list, so
 * gconst_ctx_free releases all of it (call it before arena_free). Nothing
 * here touches global state (gmp's allocation hooks are left alone), so
 * compilations may run in parallel threads, one context per thread.
 *
 * Errors: the operations never print. They return GCONST_UNKNOWN values or
 * error codes; the checker words the messages, because Go's messages quote
 * the source expression (`invalid operation: invalid shift count 2000
 * (untyped int constant)`). The limits Go enforces are here: GCONST_PREC
 * for untyped integer results (gconst_int_overflows), GCONST_MAX_SHIFT for
 * constant shift counts.
 *
 * This header does not include gmp.h, the AST's or the checker's headers.
 */
#ifndef GORTVM_CONSTANT_H
#define GORTVM_CONSTANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
typedef struct gconst gconst; /* opaque and immutable */
typedef struct gconst_big gconst_big;

/* Untyped integer constants must not exceed this many bits (Go's types2:
 * "constant %s overflow"); it is also the float mantissa precision. */
#define GCONST_PREC 512
/* Largest constant shift count Go accepts (1023 - 1 + 52, so that the
 * smallest float64 denormal can be written as 1 >> 1074); larger counts are
 * "invalid shift count". */
#define GCONST_MAX_SHIFT 1074

typedef enum {
    GCONST_UNKNOWN,
    GCONST_BOOL,
    GCONST_STRING,
    GCONST_INT,
    GCONST_FLOAT,
} gconst_kind;

/* Operators. GCONST_QUO is exact division (the result is a FLOAT-kind
 * value even for int operands, as in go/constant); GCONST_QUO_INT truncates
 * and takes integers only: the checker uses it for `/` on integer types. */
typedef enum {
    GCONST_ADD, GCONST_SUB, GCONST_MUL, GCONST_QUO, GCONST_QUO_INT, GCONST_REM,
    GCONST_AND, GCONST_OR, GCONST_XOR, GCONST_AND_NOT,   /* & | ^ &^ */
    GCONST_LAND, GCONST_LOR,                             /* && || */
    GCONST_EQL, GCONST_NEQ, GCONST_LSS, GCONST_LEQ, GCONST_GTR, GCONST_GEQ,
    GCONST_SHL, GCONST_SHR,
    GCONST_NOT,                                          /* unary ! */
} gconst_op;

/* The basic types a constant can have. int, uint and uintptr are 64 bits
 * (gort's targets, amd64 and arm64, are 64-bit). */
typedef enum {
    GCONST_T_BOOL, GCONST_T_STRING,
    GCONST_T_INT, GCONST_T_INT8, GCONST_T_INT16, GCONST_T_INT32, GCONST_T_INT64,
    GCONST_T_UINT, GCONST_T_UINT8, GCONST_T_UINT16, GCONST_T_UINT32,
    GCONST_T_UINT64, GCONST_T_UINTPTR,
    GCONST_T_FLOAT32, GCONST_T_FLOAT64,
    GCONST_T_UNTYPED_BOOL, GCONST_T_UNTYPED_INT, GCONST_T_UNTYPED_RUNE,
    GCONST_T_UNTYPED_FLOAT, GCONST_T_UNTYPED_STRING,
} gconst_basic;

/* Errors of the operations (what the checker then reports). */
typedef enum {
    GCONST_OK,
    GCONST_EDIVZERO,  /* / or % by an exact zero: "invalid operation: division by zero" */
    GCONST_ESHIFT,    /* shift count negative, not an integer or > GCONST_MAX_SHIFT */
    GCONST_EKIND,     /* operands of kinds the operator does not take (a checker bug) */
    GCONST_ERANGE,    /* the float result is out of range (exponent beyond
                         2^31, as big.Float): "constant result is not representable" */
} gconst_err;

/* Outcome of fitting a constant into a type (gconst_represent). */
typedef enum {
    GCONST_REPR_OK,
    GCONST_REPR_TRUNCATED, /* float-typed value into an integer type: Go's
                              "(truncated)" / "%s truncated to %s" */
    GCONST_REPR_OVERFLOWS, /* numeric value out of the numeric type's range:
                              "(overflows)" / "%s overflows %s" */
    GCONST_REPR_INVALID,   /* not a numeric-to-numeric case (a string into
                              an int, ...): "cannot use/convert" alone */
} gconst_repr;

/* A compilation's constants. Embed it anywhere; fields are private to
 * constant.c. Used by one thread at a time. */
typedef struct gconst_ctx {
    struct arena *arena; /* owns every gconst struct and string byte */
    gconst_big *bigs;    /* values owning gmp memory: cleared by gconst_ctx_free */
    size_t nbigs;        /* length of bigs (statistics, tests) */
} gconst_ctx;

void gconst_ctx_init(gconst_ctx *c, struct arena *a);
/* Releases the gmp memory of every value made in c. The values' structs die
 * with the arena; none may be used after this. Idempotent. */
void gconst_ctx_free(gconst_ctx *c);

/* --- Making values --------------------------------------------------- */

gconst *gconst_unknown(gconst_ctx *c);
gconst *gconst_bool(gconst_ctx *c, bool b);
/* Copies s[0:len] into the arena. */
gconst *gconst_string(gconst_ctx *c, const char *s, size_t len);
gconst *gconst_int64(gconst_ctx *c, int64_t v);
gconst *gconst_uint64(gconst_ctx *c, uint64_t v);
/* A FLOAT-kind value equal to v (NaN and infinities give UNKNOWN). */
gconst *gconst_float64(gconst_ctx *c, double v);

typedef enum { GCONST_LIT_INT, GCONST_LIT_FLOAT, GCONST_LIT_CHAR, GCONST_LIT_STRING } gconst_lit;
/* The value of a literal as the scanner delivers its text: Go's integer
 * forms (decimal, 0x, 0o, 0b, legacy octal 0777, `_` separators), float
 * forms (decimal and hexadecimal mantissa with p exponent), rune literals
 * ('a', '\n', '\x41', '\u00e9', '\377') and string literals ("..." with
 * escapes, `raw` with carriage returns removed). Returns NULL when the text
 * is not a well-formed literal of that kind (the scanner has already
 * reported it). A decimal float literal is exact (a rational) unless its
 * exponent is huge, as in go/constant. A well-formed literal whose value is
 * out of every range (1e1000000000000) gives an UNKNOWN value: Go 1.19
 * reports it as "malformed constant: 1e1000000000000". */
gconst *gconst_literal(gconst_ctx *c, gconst_lit kind, const char *lit, size_t len);

/* --- Inspecting values ------------------------------------------------ */

gconst_kind gconst_kind_of(const gconst *x);
/* -1, 0 or +1 for INT and FLOAT values; 0 for other kinds. */
int gconst_sign(const gconst *x);
/* Bits in |x| for an INT value (0 for 0); 0 for other kinds. */
size_t gconst_bitlen(const gconst *x);
/* True when x is an INT whose magnitude needs more than GCONST_PREC bits:
 * the checker then reports "constant <op> overflow" for an untyped result. */
bool gconst_int_overflows(const gconst *x);
/* True for an INT value, or a FLOAT value that is an integer. */
bool gconst_is_integral(const gconst *x);

/* Machine values for the code generator. Each returns whether the value
 * converts exactly (kind and range). */
bool gconst_bool_val(const gconst *x);                 /* BOOL only */
const char *gconst_string_val(const gconst *x, size_t *len); /* STRING only; not NUL-terminated */
bool gconst_int64_val(const gconst *x, int64_t *out);  /* INT (or integral FLOAT) in int64 range */
bool gconst_uint64_val(const gconst *x, uint64_t *out);
/* Nearest float64 / float32 (round to nearest-even; ±Inf when out of
 * range, 0 for UNKNOWN/BOOL/STRING). *exact, when not NULL, says whether
 * the result equals x. */
double gconst_float64_val(const gconst *x, bool *exact);
float gconst_float32_val(const gconst *x, bool *exact);

/* --- Operations ----------------------------------------------------- */
/*
 * All operations return a new value (never NULL, never modify operands).
 * On an error they return an UNKNOWN value and, when err is not NULL, set
 * *err; on success *err = GCONST_OK. UNKNOWN operands give UNKNOWN results
 * with GCONST_OK (the error was reported where the unknown value arose).
 */

/* Unary + - ^ and !. For ^ on a value of an unsigned type pass its size in
 * bits and is_unsigned = true: the result is x XOR (2^bits - 1), as Go's
 * constant.UnaryOp with prec; for signed and untyped operands ^x = -x-1
 * (bits is then ignored). */
gconst *gconst_unary(gconst_ctx *c, gconst_op op, const gconst *x,
                     unsigned bits, bool is_unsigned, gconst_err *err);
/* Binary arithmetic, bitwise, logical and string concatenation (GCONST_ADD
 * on two strings). INT op INT stays INT except GCONST_QUO; INT op FLOAT
 * is FLOAT. Bitwise ops, GCONST_REM and GCONST_QUO_INT take INT operands
 * (convert an integral float with gconst_to_int first). Division by an
 * exact zero is GCONST_EDIVZERO. Comparison operators return a BOOL value
 * (see also gconst_compare). */
gconst *gconst_binary(gconst_ctx *c, const gconst *x, gconst_op op,
                      const gconst *y, gconst_err *err);
/* x << s or x >> s for an INT x. s > GCONST_MAX_SHIFT is GCONST_ESHIFT.
 * >> rounds towards negative infinity (arithmetic shift), as Go. */
gconst *gconst_shift(gconst_ctx *c, const gconst *x, gconst_op op, uint64_t s,
                     gconst_err *err);
/* x op y for == != < <= > >= on two values of the same kind class (bools:
 * == and != only; strings: bytewise; numbers: exact). False for UNKNOWN. */
bool gconst_compare(const gconst *x, gconst_op op, const gconst *y);

/* --- Conversions and representability ----------------------------- */

/* The INT value equal to x when x is an INT or an integral FLOAT (a big
 * float within a few bits of an integer counts, as go/constant.ToInt);
 * otherwise UNKNOWN. */
gconst *gconst_to_int(gconst_ctx *c, const gconst *x);
/* The FLOAT value equal to x for INT and FLOAT values; otherwise UNKNOWN. */
gconst *gconst_to_float(gconst_ctx *c, const gconst *x);
/* string(x) for an integer x: its UTF-8 encoding, or "\uFFFD" when x is
 * negative, too large or a surrogate (Go's rule). */
gconst *gconst_rune_string(gconst_ctx *c, const gconst *x);

/* Size in bits of a sized numeric basic type (int/uint/uintptr: 64); 0 for
 * untyped, bool and string types. */
unsigned gconst_basic_bits(gconst_basic t);
bool gconst_basic_is_unsigned(gconst_basic t);
bool gconst_basic_is_integer(gconst_basic t); /* includes untyped int/rune */
bool gconst_basic_is_float(gconst_basic t);   /* includes untyped float */
/* Go's name of the type ("int8", "untyped float", ...). */
const char *gconst_basic_name(gconst_basic t);

/* Can x, a constant of type from, be represented in type to (Go spec
 * "Representability"; types2 representableConst + representation)?
 * On GCONST_REPR_OK, *out (when out is not NULL) is the value as the type
 * holds it: integral values become INT, floats are rounded to float32 or
 * float64 precision (nearest-even) for sized float types. On failure with
 * an integer target and an integral x, *out is x as an INT (go/types shows
 * that value in conversion errors); otherwise *out = x. The status follows
 * Go's rule on the *types*: float type into integer type is TRUNCATED
 * (even for 1e100, which is integral), other numeric failures OVERFLOWS,
 * non-numeric INVALID. */
gconst_repr gconst_represent(gconst_ctx *c, const gconst *x, gconst_basic from,
                             gconst_basic to, gconst **out);
/* The constant conversion to(x): gconst_represent plus Go's integer ->
 * string conversion (to == string and from an integer type). */
gconst_repr gconst_convert(gconst_ctx *c, const gconst *x, gconst_basic from,
                           gconst_basic to, gconst **out);

/* --- Formatting ----------------------------------------------------- */

/* Go 1.19's constant.Value.String(), the form compile errors print:
 * integers in full decimal; floats as %.6g of the nearest float64
 * ("0.333333", "1e+100"), and beyond float64's range "1.23457e+1000";
 * strings quoted with strconv.Quote's escapes and cut to 72 runes ending
 * in "..." when longer; "true"/"false"; "unknown". The result lives in
 * the context's arena. */
const char *gconst_str(gconst_ctx *c, const gconst *x);
/* The same text written into buf (snprintf rules: returns the full length,
 * writes at most n bytes including the NUL). */
size_t gconst_format(char *buf, size_t n, const gconst *x);
/* Go's constant.Value.ExactString(): integers in full, rationals as
 * "num/den", big floats in hexadecimal 'p' form, strings quoted in full. */
const char *gconst_exact_str(gconst_ctx *c, const gconst *x);

/* Go's operator names for "constant %s overflow": "addition",
 * "subtraction", "multiplication", "shift", "bitwise XOR" (binary) and
 * "bitwise complement" (unary ^); "" for the others. */
const char *gconst_op_name(gconst_op op, bool unary);

#endif
