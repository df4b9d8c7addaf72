// Methods promoted through embedded fields, by value and by pointer.
package main

type Base struct{ n int }

func (b Base) Get() int   { return b.n }
func (b *Base) Set(n int) { b.n = n }

type Mid struct {
	Base
	name string
}

type Top struct {
	*Mid
	extra int
}

func main() {
	m := Mid{Base{1}, "m"}
	println(m.Get())
	m.Set(7)
	println(m.Get(), m.n)
	t := Top{&m, 0}
	t.Set(42)
	println(t.Get(), m.Get())
}

// Output:
// 1
// 7 7
// 42 42
