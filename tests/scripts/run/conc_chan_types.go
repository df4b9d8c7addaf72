// Channels of every value shape: the register form of a value and its
// memory form in the channel buffer.
package main

type pair struct {
	a int8
	b string
}

type shape interface{ area() float64 }

type sq struct{ s float64 }

func (q sq) area() float64 { return q.s * q.s }

func main() {
	i8 := make(chan int8, 1)
	i8 <- -5
	println(<-i8)
	u16 := make(chan uint16, 1)
	u16 <- 65535
	println(<-u16)
	f32 := make(chan float32, 1)
	f32 <- 0.1
	println(<-f32)
	b := make(chan bool, 1)
	b <- true
	println(<-b)
	s := make(chan string, 1)
	s <- "hello"
	println(<-s)
	sl := make(chan []int, 1)
	sl <- []int{1, 2, 3}
	x := <-sl
	println(len(x), x[2])
	pc := make(chan pair, 2)
	pc <- pair{-1, "one"}
	pc <- pair{2, "two"}
	p1, p2 := <-pc, <-pc
	println(p1.a, p1.b, p2.a, p2.b)
	ic := make(chan shape, 1)
	ic <- sq{3}
	println((<-ic).area())
	cc := make(chan chan int, 1)
	inner := make(chan int, 1)
	cc <- inner
	(<-cc) <- 42
	println(<-inner)
	e := make(chan struct{}, 3)
	e <- struct{}{}
	e <- struct{}{}
	println(len(e))
	<-e
	println(len(e))
	arr := make(chan [3]int, 1)
	arr <- [3]int{7, 8, 9}
	a := <-arr
	println(a[0] + a[1] + a[2])
}

// Output:
// -5
// 65535
// +1.000000e-001
// true
// hello
// 3 3
// -1 one 2 two
// +9.000000e+000
// 42
// 2
// 1
// 24
