// A pointer in an interface: pointer-receiver methods see the original value.
package main

type Counter interface {
	Inc()
	Value() int
}

type C struct{ n int }

func (c *C) Inc()      { c.n++ }
func (c *C) Value() int { return c.n }

func bump(x Counter, k int) {
	for i := 0; i < k; i++ {
		x.Inc()
	}
}

func main() {
	c := &C{}
	bump(c, 3)
	var x Counter = c
	x.Inc()
	println(c.n, x.Value())
}

// Output:
// 4 4
