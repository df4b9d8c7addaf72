// Goroutines parked in channel operations hold the only references to
// their data in VM frames (and in values waiting in a channel buffer)
// while the collector runs repeatedly, with checkmark verification: the
// frames are scanned precisely through the goroutine's scan hook.
// Env: GODEBUG=gccheckmark=1
package main

import "runtime"

type node struct {
	v    int
	next *node
	name string
}

func keeper(id int, start, done chan int) {
	var l *node
	for i := 0; i < 200; i++ {
		l = &node{i, l, "n" + string(rune('a'+i%26))}
	}
	s := make([]string, 0)
	for i := 0; i < 50; i++ {
		s = append(s, string(rune('A'+i%26))+"!")
	}
	<-start // parked here with l and s only in this frame
	sum := 0
	for p := l; p != nil; p = p.next {
		sum += p.v + len(p.name)
	}
	for _, x := range s {
		sum += len(x)
	}
	done <- sum + id
}

func garbage() int {
	n := 0
	for i := 0; i < 2000; i++ {
		b := make([]int, 16)
		b[3] = i
		n += b[3] & 1
	}
	return n
}

func main() {
	start := make(chan int)
	done := make(chan int)
	buf := make(chan *node, 8)
	for i := 0; i < 8; i++ {
		go keeper(i, start, done)
		buf <- &node{i, &node{i * 10, nil, "tail"}, "head"}
	}
	for i := 0; i < 5; i++ {
		runtime.GC()
		garbage()
	}
	close(start)
	total := 0
	for i := 0; i < 8; i++ {
		total += <-done
	}
	for i := 0; i < 8; i++ {
		n := <-buf
		total += n.v + n.next.v + len(n.name) + len(n.next.name)
	}
	println("total", total)
}

// Output:
// total 163600
