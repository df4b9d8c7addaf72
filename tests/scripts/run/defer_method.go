// Methods, method values and interface methods as deferred calls; the
// receiver is evaluated at the defer statement.
package main

import "fmt"

type Counter struct{ name string; n int }

func (c *Counter) Inc()      { c.n++; fmt.Println(c.name, "inc to", c.n) }
func (c Counter) Show()      { fmt.Println(c.name, "value receiver sees", c.n) }

type Shower interface{ Show() }

func main() {
	c := &Counter{name: "c"}
	defer c.Show()
	defer c.Inc()
	f := c.Inc
	defer f()
	var s Shower = Counter{name: "iface", n: 7}
	defer s.Show()
	c.n = 10
	fmt.Println("body done")
}

// Output:
// body done
// iface value receiver sees 7
// c inc to 11
// c inc to 12
// c value receiver sees 0
