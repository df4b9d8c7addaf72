// Two goroutines bouncing a counter over unbuffered channels.
package main

func player(name string, in, out chan int, done chan string) {
	for {
		v, ok := <-in
		if !ok {
			done <- name
			return
		}
		if v >= 10000 {
			close(out)
			done <- name
			return
		}
		out <- v + 1
	}
}

func main() {
	a, b := make(chan int), make(chan int)
	done := make(chan string)
	go player("ping", a, b, done)
	go player("pong", b, a, done)
	a <- 0
	w1, w2 := <-done, <-done
	println(w1, w2)
}

// Output:
// ping pong
