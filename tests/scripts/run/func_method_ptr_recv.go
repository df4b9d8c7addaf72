// Pointer receivers: x.M() takes &x automatically; p.M() on a value method dereferences.
package main

type Counter int

func (c *Counter) Inc()     { *c++ }
func (c *Counter) Add(n int) { *c += Counter(n) }
func (c Counter) Get() int  { return int(c) }

func main() {
	var c Counter
	c.Inc()
	c.Inc()
	c.Add(10)
	println(c.Get())
	p := &c
	p.Inc()
	println(p.Get(), c.Get())
}

// Output:
// 12
// 13 13
