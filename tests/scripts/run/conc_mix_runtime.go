// runtime.NumGoroutine counts goroutines parked on sync primitives and
// timers; GOMAXPROCS and Gosched with a Mutex-protected handoff.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	mu.Lock()
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			mu.Lock()
			mu.Unlock()
			wg.Done()
		}()
	}
	for i := 0; i < 3; i++ {
		go func() { time.Sleep(50 * time.Millisecond) }()
	}
	for runtime.NumGoroutine() < 9 {
		runtime.Gosched()
	}
	fmt.Println("goroutines:", runtime.NumGoroutine())
	mu.Unlock()
	wg.Wait()
	time.Sleep(100 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
	prev := runtime.GOMAXPROCS(1)
	fmt.Println(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(prev)
	runtime.GC()
	fmt.Println("ok")
}

// Output:
// goroutines: 9
// goroutines: 1
// 1
// ok
