/*
 * vm_test_link.c: runtime type descriptors from checker types (link.c).
 *
 * Layout (size, alignment, field offsets, Go's padding of a trailing
 * zero-size field), the pointer bitmap, names as Go's runtime prints
 * them, one descriptor per identical type (also for recursive types),
 * the predeclared types mapping to the runtime's own descriptors, and the
 * hash/equality flags that maps rely on: field by field for structs with
 * strings, raw memory for plain ones, unhashable for slices inside. The
 * last test hashes two equal struct keys with different string pointers
 * through the runtime and finds them equal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "link.h"
#include "types.h"

static arena A;

static gtype *basic(gkind k) { return &types_basic[k]; }

static gobj *field(const char *name, gtype *t) {
    gobj *o = obj_new(&A, O_VAR, name, t, srcpos_make(0, 0, 0));
    o->field = true;
    return o;
}

static gtype *strct(int n, gobj **fs) {
    gtype *t = type_new(&A, K_STRUCT);
    t->vars = ARENA_ARRAY(&A, gobj *, n ? n : 1);
    for (int i = 0; i < n; i++) t->vars[i] = fs[i];
    t->nvars = n;
    return t;
}

static gtype *array(gtype *elem, int64_t len) {
    gtype *t = type_new(&A, K_ARRAY);
    t->elem = elem;
    t->len = len;
    return t;
}

static gtype *map(gtype *k, gtype *v) {
    gtype *t = type_new(&A, K_MAP);
    t->key = k;
    t->elem = v;
    return t;
}

static gpkg mainpkg = {.path = "main", .name = "main"};

static gtype *named(const char *name, gtype *u) {
    gtype *t = type_new(&A, K_NAMED);
    t->obj = obj_new(&A, O_TYPE, name, t, srcpos_make(0, 0, 0));
    t->obj->pkg = &mainpkg;
    t->under = u;
    t->complete = true;
    return t;
}

static int setup(void **state) {
    (void)state;
    arena_init(&A);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    arena_free(&A);
    return 0;
}

static void test_basic_types_are_the_runtimes(void **state) {
    (void)state;
    vmlink *l = link_new(&A);
    assert_ptr_equal(link_type(l, basic(K_INT)), &gort_type_int);
    assert_ptr_equal(link_type(l, basic(K_STRING)), &gort_type_string);
    assert_ptr_equal(link_type(l, &types_byte), &gort_type_uint8);
    assert_ptr_equal(link_type(l, basic(K_UNTYPED_INT)), &gort_type_int);
    link_free(l);
}

static void test_struct_layout_and_pointers(void **state) {
    (void)state;
    vmlink *l = link_new(&A);
    gobj *fs[3] = {field("a", basic(K_INT8)), field("b", basic(K_STRING)),
                   field("c", type_pointer(&A, basic(K_INT)))};
    const gort_type *d = link_type(l, strct(3, fs));
    assert_int_equal(d->size, 32);
    assert_int_equal(d->align, 8);
    assert_int_equal(d->kind, GORT_KIND_STRUCT);
    assert_int_equal(d->nfields, 3);
    assert_int_equal(d->fields[1].offset, 8);
    assert_int_equal(d->fields[2].offset, 24);
    assert_ptr_equal(d->fields[1].type, &gort_type_string);
    assert_int_equal(d->ptrwords, 4);
    assert_int_equal(d->ptrmask[0], 0x0a); /* words 1 (string data) and 3 */
    assert_string_equal(d->name, "struct { a int8; b string; c *int }");
    assert_true(d->tflags & GORT_TFLAG_FIELDALG);
    assert_false(d->tflags & GORT_TFLAG_REGULARMEM);

    gobj *small[2] = {field("x", basic(K_INT32)), field("y", basic(K_INT32))};
    const gort_type *p = link_type(l, array(strct(2, small), 3));
    assert_int_equal(p->size, 24);
    assert_int_equal(p->align, 4);
    assert_int_equal(p->len, 3);
    assert_int_equal(p->ptrwords, 0);
    assert_true(p->tflags & GORT_TFLAG_REGULARMEM);
    assert_string_equal(p->name, "[3]struct { x int32; y int32 }");

    /* Go pads a trailing zero-size field */
    gobj *z[2] = {field("n", basic(K_INT64)), field("e", strct(0, NULL))};
    assert_int_equal(link_type(l, strct(2, z))->size, 16);
    link_free(l);
}

static void test_one_descriptor_per_identical_type(void **state) {
    (void)state;
    vmlink *l = link_new(&A);
    const gort_type *a = link_type(l, type_slice(&A, basic(K_INT)));
    const gort_type *b = link_type(l, type_slice(&A, basic(K_INT)));
    assert_ptr_equal(a, b);
    assert_string_equal(a->name, "[]int");
    assert_ptr_equal(a->elem, &gort_type_int);
    const gort_type *m = link_type(l, map(basic(K_STRING), type_slice(&A, basic(K_INT))));
    assert_string_equal(m->name, "map[string][]int");
    assert_ptr_equal(m->key, &gort_type_string);
    assert_ptr_equal(m->elem, a);
    assert_ptr_equal(m->hash, NULL);
    int before = link_count(l);
    link_type(l, map(basic(K_STRING), type_slice(&A, basic(K_INT))));
    assert_int_equal(link_count(l), before);
    link_free(l);
}

static void test_recursive_named_type(void **state) {
    (void)state;
    vmlink *l = link_new(&A);
    gtype *node = named("Node", NULL);
    gobj *fs[2] = {field("next", type_pointer(&A, node)), field("v", basic(K_INT))};
    node->under = strct(2, fs);
    const gort_type *d = link_type(l, node);
    assert_string_equal(d->name, "main.Node");
    assert_string_equal(d->pkgpath, "main");
    assert_true(d->tflags & GORT_TFLAG_NAMED);
    assert_int_equal(d->size, 16);
    assert_string_equal(d->fields[0].type->name, "*main.Node");
    assert_ptr_equal(d->fields[0].type->elem, d);
    assert_ptr_equal(link_type(l, type_pointer(&A, node)), d->fields[0].type);
    link_free(l);
}

static void test_uncomparable_and_keys(void **state) {
    (void)state;
    vmlink *l = link_new(&A);
    gobj *bad[1] = {field("s", type_slice(&A, basic(K_INT)))};
    const gort_type *u = link_type(l, strct(1, bad));
    assert_ptr_equal(u->hash, gort_hash_unhashable);
    assert_false(u->tflags & GORT_TFLAG_COMPARABLE);

    /* two equal keys whose strings live at different addresses */
    gobj *kf[2] = {field("name", basic(K_STRING)), field("n", basic(K_INT))};
    const gort_type *k = link_type(l, strct(2, kf));
    struct { gort_string name; intptr_t n; } x, y;
    char buf1[] = "key", buf2[] = "key";
    x.name = (gort_string){buf1, 3}, x.n = 7;
    y.name = (gort_string){buf2, 3}, y.n = 7;
    assert_true(gort_equal_value(k, &x, &y));
    assert_int_equal(gort_hash_value(k, &x, 42), gort_hash_value(k, &y, 42));
    y.n = 8;
    assert_false(gort_equal_value(k, &x, &y));
    link_free(l);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_types_are_the_runtimes),
        cmocka_unit_test(test_struct_layout_and_pointers),
        cmocka_unit_test(test_one_descriptor_per_identical_type),
        cmocka_unit_test(test_recursive_named_type),
        cmocka_unit_test(test_uncomparable_and_keys),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
