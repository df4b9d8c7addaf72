// A sync.Map key of an unhashable dynamic type panics as a map key does.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var m sync.Map
	m.Store("ok", 1)
	fmt.Println("stored")
	m.Store([]int{1}, 2)
}

// Output:
// stored
// panic: runtime error: hash of unhashable type []int
//
// goroutine 1 [running]:
// main.main()
// 	conc_sync_map_unhashable.go:13
// Exit: 2
