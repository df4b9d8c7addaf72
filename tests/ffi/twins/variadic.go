package main

import "fmt"

func sprintIF(buf []byte, n uint64, format string, i int, f float64) int32 {
	s := fmt.Sprintf(format, i, f)
	copy(buf[:n-1], s)
	return int32(len(s))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func sprintSmall(buf []byte, n uint64, format string, a int8, b uint16, c float32, d bool, s string) int32 {
	r := fmt.Sprintf(format, a, b, c, b2i(d), s)
	copy(buf[:n-1], r)
	return int32(len(r))
}

func main() {
	b := make([]byte, 64)
	n := sprintIF(b, 64, "%d|%.3f", -42, 3.14159)
	fmt.Println(n, string(b[:n]))
	n = sprintSmall(b, 64, "%d %d %.2f %d %s", -5, 65535, 0.75, true, "end")
	fmt.Println(n, string(b[:n]))
	n = sprintIF(b, 8, "%d|%.0f", 123456, 7) // truncated: C returns the full length
	fmt.Println(n, string(b[:7]))
}
