// v, ok = <-c: the left side's operands are evaluated before the
// receive, left to right, as in any Go assignment; then both are
// assigned. Also comma-ok into a map element, a field and a new variable.
package main

var trace []int

func f(k int, p *int) *int {
	trace = append(trace, k)
	return p
}

func ch(k int, c chan int) chan int {
	trace = append(trace, k)
	return c
}

type box struct{ v int }

func main() {
	c := make(chan int, 3)
	c <- 7
	c <- 8
	c <- 9
	var x int
	var ok bool
	*f(1, &x), ok = <-ch(2, c)
	println(x, ok, trace[0], trace[1])
	m := map[string]int{}
	m["a"], ok = <-c
	println(m["a"], ok)
	var b box
	b.v, ok = <-c
	println(b.v, ok)
	close(c)
	y, ok2 := <-c
	println(y, ok2)
}

// Output:
// 7 true 1 2
// 8 true
// 9 true
// 0 false
