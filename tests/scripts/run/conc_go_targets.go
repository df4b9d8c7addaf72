// go statements with every kind of callee: a function, a closure, a
// method value, a method through an interface, and arguments of every
// shape (evaluated in the caller, copied for the new goroutine).
package main

type point struct{ x, y int }

type counter struct{ n int }

func (c *counter) add(k int, done chan int) {
	c.n += k
	done <- c.n
}

func (p point) sum(done chan int) { done <- p.x + p.y }

type summer interface{ sum(done chan int) }

func shapes(s string, xs []int, p point, f float32, b int8, ok bool, done chan string) {
	println(s, len(xs), xs[1], p.x, p.y, f, b, ok)
	done <- s
}

func main() {
	done := make(chan int)
	strs := make(chan string)
	c := &counter{1}
	go c.add(5, done)
	println(<-done)
	m := c.add
	go m(2, done)
	println(<-done)
	var s summer = point{3, 4}
	go s.sum(done)
	println(<-done)
	k := 10
	go func(d int) {
		k += d
		done <- k
	}(5)
	println(<-done)
	p := point{7, 8}
	xs := []int{1, 2, 3}
	go shapes("hi", xs, p, 1.5, -3, true, strs)
	p.x = 100 // the goroutine has its own copy
	println(<-strs)
	fn := func(a, b int) { done <- a * b }
	for i := 1; i <= 3; i++ {
		go fn(i, i+1)
		println(<-done)
	}
}

// Output:
// 6
// 8
// 7
// 15
// hi 3 2 7 8 +1.500000e+000 -3 true
// hi
// 2
// 6
// 12
