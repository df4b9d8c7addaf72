// context.WithValue: lookups walk up the chain, inner values shadow
// outer ones, keys compare with == on their dynamic types.
package main

import (
	"context"
	"fmt"
)

type ctxKey string
type otherKey string

func main() {
	ctx := context.WithValue(context.Background(), ctxKey("user"), "ann")
	ctx = context.WithValue(ctx, ctxKey("role"), "admin")
	ctx = context.WithValue(ctx, otherKey("user"), 42)
	inner := context.WithValue(ctx, ctxKey("user"), "bob")
	fmt.Println(ctx.Value(ctxKey("user")), ctx.Value(ctxKey("role")), ctx.Value(otherKey("user")), ctx.Value("user"))
	fmt.Println(inner.Value(ctxKey("user")), inner.Value(ctxKey("role")))
	c, cancel := context.WithCancel(inner)
	fmt.Println(c.Value(ctxKey("user")), c.Value(1))
	cancel()
	fmt.Println(c.Err(), inner.Err())
	fmt.Println(context.TODO().Value(ctxKey("user")), context.TODO().Err())
}

// Output:
// ann admin 42 <nil>
// bob admin
// bob <nil>
// context canceled <nil>
// <nil> <nil>
