package main

import "fmt"

func deep(kb int32) int64 {
	buf := make([]byte, int(kb)*1024)
	for i := 0; i < len(buf); i += 512 {
		buf[i] = byte(i >> 9)
	}
	s := int64(0)
	for i := 0; i < len(buf); i += 512 {
		s += int64(buf[i])
	}
	return s
}

func main() {
	fmt.Println(deep(4096))
	done := make(chan int64)
	go func() { done <- deep(2048) }()
	fmt.Println(<-done)
}
