// Sending on a closed channel panics; a deferred recover in the sender
// catches it.
package main

import "fmt"

func send(c chan int, v int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("send failed: %v", r)
		}
	}()
	c <- v
	return nil
}

func main() {
	c := make(chan int, 1)
	fmt.Println(send(c, 1))
	close(c)
	fmt.Println(send(c, 2))
	fmt.Println(<-c)
}

// Output:
// <nil>
// send failed: send on closed channel
// 1
