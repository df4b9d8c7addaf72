// zlib: compress and uncompress a byte slice with the system's zlib
// (Debian's zlib1g). Byte slices pass as pointers to their first element;
// zlib's in-out length (uLongf *destLen) is a pointer to a Go uint64.
//
//	scripts/run ffi/zlib.go
package main

import (
	"fmt"
	"strings"
)

//gort:extern libz.so.1 compressBound fast
func compressBound(n uint64) uint64

//gort:extern libz.so.1 compress
func compress(dst []byte, dstLen *uint64, src []byte, srcLen uint64) int32

//gort:extern libz.so.1 uncompress
func uncompress(dst []byte, dstLen *uint64, src []byte, srcLen uint64) int32

//gort:extern libz.so.1 zlibVersion
func zlibVersion() string

func main() {
	text := []byte(strings.Repeat("the quick brown fox jumps over the lazy dog. ", 40))
	buf := make([]byte, compressBound(uint64(len(text))))
	n := uint64(len(buf))
	if rc := compress(buf, &n, text, uint64(len(text))); rc != 0 {
		fmt.Println("compress failed:", rc)
		return
	}
	packed := buf[:n]
	fmt.Printf("zlib %s: %d bytes -> %d bytes\n", zlibVersion()[:1], len(text), len(packed))

	out := make([]byte, len(text))
	m := uint64(len(out))
	if rc := uncompress(out, &m, packed, uint64(len(packed))); rc != 0 {
		fmt.Println("uncompress failed:", rc)
		return
	}
	fmt.Println("round trip ok:", string(out[:m]) == string(text))
}
