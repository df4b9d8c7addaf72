// Buffered channels: FIFO order, len and cap, close, receiving the rest
// after close, then zero values with ok == false.
package main

func main() {
	c := make(chan int, 4)
	println(len(c), cap(c))
	for i := 1; i <= 4; i++ {
		c <- i * i
	}
	println(len(c), cap(c))
	println(<-c, <-c)
	c <- 25
	close(c)
	for {
		v, ok := <-c
		println(v, ok)
		if !ok {
			break
		}
	}
	v := <-c
	println("after close:", v, len(c))
	var nilc chan int
	println(len(nilc), cap(nilc), nilc == nil)
	s := make(chan string, 2)
	s <- "a"
	s <- "b"
	close(s)
	for x := range s {
		println(x)
	}
}

// Output:
// 0 4
// 4 4
// 1 4
// 9 true
// 16 true
// 25 true
// 0 false
// after close: 0 0
// 0 0 true
// a
// b
