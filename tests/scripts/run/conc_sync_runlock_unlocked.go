// RUnlock of an RWMutex that is not read-locked is Go's fatal error.
package main

import "sync"

func main() {
	var rw sync.RWMutex
	rw.RLock()
	rw.RUnlock()
	rw.RUnlock()
}

// Output:
// fatal error: sync: RUnlock of unlocked RWMutex
//
// goroutine 1 [running]:
// main.main()
// 	conc_sync_runlock_unlocked.go:10
// Exit: 2
