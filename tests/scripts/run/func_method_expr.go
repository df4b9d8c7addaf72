// Method expressions T.M and (*T).M are functions taking the receiver first.
package main

type Counter int

func (c *Counter) Add(n int) { *c += Counter(n) }
func (c Counter) Times(k int) int { return int(c) * k }

func main() {
	var c Counter = 3
	f := Counter.Times
	println(f(c, 4))
	g := (*Counter).Add
	g(&c, 5)
	println(int(c))
	println(Counter.Times(c, 2))
	(*Counter).Add(&c, 1)
	println(int(c))
}

// Output:
// 12
// 8
// 16
// 9
