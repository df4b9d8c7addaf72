// blocking: goroutines blocked in C beside goroutines that keep running.
// Every FFI call runs between gort_syscall_enter and gort_syscall_exit,
// so while usleep blocks, sysmon hands the goroutine's P to another
// thread and the rest of the program goes on (docs/ffi.md, "Blocking
// calls"). With GOMAXPROCS=2 the four sleepers finish together, in about
// one sleep, while the counter keeps counting.
//
//	GOMAXPROCS=2 scripts/run ffi/blocking.go
package main

import "fmt"

//gort:extern libc.so.6 usleep
func usleep(us uint32) int32

func main() {
	done := make(chan int)
	for i := 0; i < 4; i++ {
		go func(i int) {
			usleep(200000) // 200 ms in C
			done <- i
		}(i)
	}
	stop := make(chan bool)
	counted := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				counted <- n
				return
			default:
				n++
			}
		}
	}()
	for i := 0; i < 4; i++ {
		fmt.Println("sleeper", <-done, "woke")
	}
	stop <- true
	fmt.Println("the counter ran meanwhile:", <-counted > 0)
}
