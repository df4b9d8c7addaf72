// Workers that recover from their own panics and report errors on a
// channel.
package main

import "fmt"

func work(id int, out chan<- string) {
	defer func() {
		if r := recover(); r != nil {
			out <- fmt.Sprintf("worker %d recovered: %v", id, r)
		}
	}()
	if id%2 == 1 {
		var a []int
		_ = a[id]
	}
	out <- fmt.Sprintf("worker %d ok", id)
}

func main() {
	out := make(chan string)
	for i := 0; i < 4; i++ {
		go work(i, out)
	}
	res := make([]string, 4)
	for i := 0; i < 4; i++ {
		r := <-out
		res[int(r[7]-'0')] = r
	}
	for _, r := range res {
		fmt.Println(r)
	}
}

// Output:
// worker 0 ok
// worker 1 recovered: runtime error: index out of range [1] with length 0
// worker 2 ok
// worker 3 recovered: runtime error: index out of range [3] with length 0
