/*
 * universe.c: the predeclared identifiers.
 *
 * The universe scope is the outermost scope of every package: the basic
 * types (and byte, rune), error, any, comparable, the constants true, false
 * and iota, nil, and the built-in functions. The basic type descriptors are
 * static and shared by every compilation (they never change); the scope and
 * its objects are built per compilation in its arena, because names are
 * interned per arena and the checker compares names by pointer.
 *
 * complex64, complex128, complex, real and imag are declared so that a use
 * of them gets "complex numbers are not supported by gort" at its position
 * rather than "undefined". comparable is declared so that a use outside a
 * constraint gets Go's own error for it.
 */
#include "types.h"

#include <string.h>

#define B(k, i, n) [k] = {.kind = k, .info = (i), .name = n}
gtype types_basic[K_NBASIC] = {
    B(K_INVALID, 0, "invalid type"),
    B(K_BOOL, I_BOOLEAN, "bool"),
    B(K_INT, I_INTEGER, "int"),
    B(K_INT8, I_INTEGER, "int8"),
    B(K_INT16, I_INTEGER, "int16"),
    B(K_INT32, I_INTEGER, "int32"),
    B(K_INT64, I_INTEGER, "int64"),
    B(K_UINT, I_INTEGER | I_UNSIGNED, "uint"),
    B(K_UINT8, I_INTEGER | I_UNSIGNED, "uint8"),
    B(K_UINT16, I_INTEGER | I_UNSIGNED, "uint16"),
    B(K_UINT32, I_INTEGER | I_UNSIGNED, "uint32"),
    B(K_UINT64, I_INTEGER | I_UNSIGNED, "uint64"),
    B(K_UINTPTR, I_INTEGER | I_UNSIGNED, "uintptr"),
    B(K_FLOAT32, I_FLOAT, "float32"),
    B(K_FLOAT64, I_FLOAT, "float64"),
    B(K_COMPLEX64, I_COMPLEX, "complex64"),
    B(K_COMPLEX128, I_COMPLEX, "complex128"),
    B(K_STRING, I_STRING, "string"),
    B(K_UNSAFEPTR, 0, "unsafe.Pointer"),
    B(K_UNTYPED_BOOL, I_BOOLEAN | I_UNTYPED, "untyped bool"),
    B(K_UNTYPED_INT, I_INTEGER | I_UNTYPED, "untyped int"),
    B(K_UNTYPED_RUNE, I_INTEGER | I_UNTYPED, "untyped rune"),
    B(K_UNTYPED_FLOAT, I_FLOAT | I_UNTYPED, "untyped float"),
    B(K_UNTYPED_STRING, I_STRING | I_UNTYPED, "untyped string"),
    B(K_UNTYPED_NIL, I_UNTYPED, "untyped nil"),
};
#undef B
gtype types_byte = {.kind = K_UINT8, .info = I_INTEGER | I_UNSIGNED, .name = "byte"};
gtype types_rune = {.kind = K_INT32, .info = I_INTEGER, .name = "rune"};
gtype *types_invalid = &types_basic[K_INVALID];

static const char *builtin_names[B_COUNT] = {
    [B_APPEND] = "append", [B_CAP] = "cap", [B_CLOSE] = "close",
    [B_COMPLEX] = "complex", [B_COPY] = "copy", [B_DELETE] = "delete",
    [B_IMAG] = "imag", [B_LEN] = "len", [B_MAKE] = "make", [B_NEW] = "new",
    [B_PANIC] = "panic", [B_PRINT] = "print", [B_PRINTLN] = "println",
    [B_REAL] = "real", [B_RECOVER] = "recover",
};

static gobj *declare(arena *a, gscope *s, gobjkind kind, const char *name, gtype *t) {
    gobj *o = obj_new(a, kind, arena_intern(a, name, strlen(name)), t, srcpos_make(0, 0, 0));
    scope_insert(a, s, o);
    return o;
}

static gtype *named(arena *a, gscope *s, const char *name, gtype *u) {
    gtype *t = type_new(a, K_NAMED);
    t->obj = declare(a, s, O_TYPE, name, t);
    t->under = u;
    t->complete = true;
    return t;
}

guniverse *universe_new(arena *a) {
    guniverse *u = ARENA_NEW(a, guniverse);
    gscope *s = scope_new(a, NULL);
    u->scope = s;
    for (int k = K_BOOL; k <= K_STRING; k++) declare(a, s, O_TYPE, types_basic[k].name, &types_basic[k]);
    declare(a, s, O_TYPE, "byte", &types_byte);
    declare(a, s, O_TYPE, "rune", &types_rune);

    /* type error interface { Error() string } */
    gtype *sig = type_new(a, K_FUNC);
    gobj **res = ARENA_ARRAY(a, gobj *, 1);
    res[0] = obj_new(a, O_VAR, arena_intern(a, "", 0), &types_basic[K_STRING], srcpos_make(0, 0, 0));
    sig->params = type_empty_tuple();
    sig->results = type_tuple(a, res, 1);
    gobj *m = obj_new(a, O_FUNC, arena_intern(a, "Error", 5), sig, srcpos_make(0, 0, 0));
    gtype *ei = type_new(a, K_INTERFACE);
    ei->methods = ARENA_ARRAY(a, gobj *, 1);
    ei->methods[0] = m;
    ei->nmethods = 1;
    iface_complete(a, ei);
    u->error = named(a, s, "error", ei);
    sig->recv = obj_new(a, O_VAR, arena_intern(a, "", 0), u->error, srcpos_make(0, 0, 0));

    gtype *any = type_new(a, K_INTERFACE);
    any->isany = true;
    iface_complete(a, any);
    u->any = any;
    declare(a, s, O_TYPE, "any", any);

    gtype *cmp = type_new(a, K_INTERFACE);
    cmp->comparable_iface = true;
    iface_complete(a, cmp);
    u->comparable = named(a, s, "comparable", cmp);

    /* true, false, iota: their values are set by the checker (constants
     * belong to constant.c). */
    declare(a, s, O_CONST, "true", &types_basic[K_UNTYPED_BOOL]);
    declare(a, s, O_CONST, "false", &types_basic[K_UNTYPED_BOOL]);
    u->iota = declare(a, s, O_CONST, "iota", &types_basic[K_UNTYPED_INT]);
    declare(a, s, O_NIL, "nil", &types_basic[K_UNTYPED_NIL]);
    for (int b = 0; b < B_COUNT; b++) {
        gobj *o = declare(a, s, O_BUILTIN, builtin_names[b], types_invalid);
        o->builtin = (uint8_t)b;
    }
    return u;
}
