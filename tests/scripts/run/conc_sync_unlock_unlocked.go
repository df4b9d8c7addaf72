// Unlocking an unlocked sync.Mutex is Go's fatal error.
package main

import "sync"

func main() {
	var mu sync.Mutex
	mu.Lock()
	mu.Unlock()
	println("unlocking again")
	mu.Unlock()
}

// Output:
// unlocking again
// fatal error: sync: unlock of unlocked mutex
//
// goroutine 1 [running]:
// main.main()
// 	conc_sync_unlock_unlocked.go:11
// Exit: 2
