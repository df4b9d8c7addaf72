// Method values bind their receiver when evaluated.
package main

type Counter int

func (c *Counter) Add(n int) { *c += Counter(n) }
func (c Counter) Get() int  { return int(c) }

func main() {
	var c Counter = 1
	get := c.Get // copies c now
	add := c.Add // binds &c
	add(10)
	add(5)
	println(get(), c.Get(), int(c))
	get2 := c.Get
	println(get2())
}

// Output:
// 1 16 16
// 16
