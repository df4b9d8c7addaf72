// Go twin of tests/bench/slice.c: slices and strings, same rows.
//
//	slice_append_int     append(s, i) to a nil []int64 up to 1M, repeated
//	slice_append_ptr     append(s, x) to a nil []*node up to 100k, repeated
//	slice_copy_4KiB      copy(dst, src) of 512 int64s
//	string_concat2       a + b, two 16-byte strings, result escapes
//	string_concat8       eight 8-byte strings in one expression
//	string_to_bytes_64B  []byte(s) of a 64-byte string
//	bytes_to_string_64B  string(b) of a 64-byte []byte
//	string_range_1KiB    for _, r := range s over 1 KiB of mixed UTF-8
//
// Results go to global sinks so they escape; ns/op is the best of 3 runs,
// garbage collection included.
package main

import (
	"fmt"
	"strings"
	"time"
)

type node struct {
	next *node
	v    int64
}

var (
	sinkInts  []int64
	sinkPtrs  []*node
	sinkBytes []byte
	sinkStr   string
	sinkN     int64
)

func bench(name string, n int, f func(n int)) {
	best := 1e30
	for r := 0; r < 3; r++ {
		t0 := time.Now()
		f(n)
		ns := float64(time.Since(t0).Nanoseconds()) / float64(n)
		if ns < best {
			best = ns
		}
	}
	fmt.Printf("BENCH %s ns/op %.2f\n", name, best)
}

const appendN = 1 << 20

func appendInt(n int) {
	for done := 0; done < n; done += appendN {
		var s []int64
		for i := int64(0); i < appendN; i++ {
			s = append(s, i)
		}
		sinkInts = s
	}
}

const appendPtrN = 100000

func appendPtr(n int) {
	x := new(node)
	for done := 0; done < n; done += appendPtrN {
		var s []*node
		for i := 0; i < appendPtrN; i++ {
			s = append(s, x)
		}
		sinkPtrs = s
	}
}

var csrc, cdst = make([]int64, 512), make([]int64, 512)

func copy4k(n int) {
	total := 0
	for i := 0; i < n; i++ {
		total += copy(cdst, csrc)
	}
	sinkN = int64(total)
}

var (
	s16a = strings.Repeat("a", 16)
	s16b = strings.Repeat("b", 16)
	s8   = []string{"abcdefgh", "abcdefgh", "abcdefgh", "abcdefgh", "abcdefgh", "abcdefgh", "abcdefgh", "abcdefgh"}
	s64  = strings.Repeat("x", 64)
	b64  = []byte(s64)
)

func concat2(n int) {
	for i := 0; i < n; i++ {
		sinkStr = s16a + s16b
	}
}

func concat8(n int) {
	for i := 0; i < n; i++ {
		sinkStr = s8[0] + s8[1] + s8[2] + s8[3] + s8[4] + s8[5] + s8[6] + s8[7]
	}
}

func toBytes(n int) {
	for i := 0; i < n; i++ {
		sinkBytes = []byte(s64)
	}
}

func toString(n int) {
	for i := 0; i < n; i++ {
		sinkStr = string(b64)
	}
}

var text1k string

func range1k(n int) {
	var sum int64
	for k := 0; k < n; k++ {
		for _, r := range text1k {
			sum += int64(r)
		}
	}
	sinkN = sum
}

func main() {
	unit := "héllo, 世界! "
	var sb strings.Builder
	for sb.Len()+len(unit) <= 1024 {
		sb.WriteString(unit)
	}
	text1k = sb.String()

	bench("slice_append_int", 20*appendN, appendInt)
	bench("slice_append_ptr", 20*appendPtrN, appendPtr)
	bench("slice_copy_4KiB", 2000000, copy4k)
	bench("string_concat2", 5000000, concat2)
	bench("string_concat8", 3000000, concat8)
	bench("string_to_bytes_64B", 5000000, toBytes)
	bench("bytes_to_string_64B", 5000000, toString)
	bench("string_range_1KiB", 200000, range1k)
}
