// Built-in functions as deferred calls: close, print, println, delete.
package main

import "fmt"

func produce(ch chan int) {
	defer close(ch)
	for i := 0; i < 3; i++ {
		ch <- i
	}
}

func main() {
	ch := make(chan int, 3)
	produce(ch)
	for v := range ch {
		fmt.Println("got", v)
	}
	m := map[string]int{"a": 1, "b": 2}
	func() {
		defer delete(m, "a")
		fmt.Println("inside, len", len(m))
	}()
	fmt.Println("after, len", len(m))
	defer println("println deferred", 42)
}

// Output:
// got 0
// got 1
// got 2
// inside, len 2
// after, len 1
// println deferred 42
