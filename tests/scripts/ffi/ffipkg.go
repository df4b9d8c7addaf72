// Go: differs: calls C through //gort:extern and package ffi (Go needs cgo for this)
package main

import (
	"ffi"
	"fmt"
)

//gort:extern libc.so.6 strlen
func strlen(p ffi.Pointer) uint64

//gort:extern libc.so.6 memset
func memset(p ffi.Pointer, c int32, n uint64) ffi.Pointer

//gort:extern libc.so.6 strdup
func strdup(s string) ffi.Pointer

//gort:extern libgortffitest.so ft_fail
func fail(e int32) int32

//gort:extern libc.so.6 getenv
func getenv(name string) string

func main() {
	p := ffi.CString("hello, C")
	fmt.Println(strlen(p), ffi.GoString(p), ffi.GoStringN(p+7, 1), ffi.GoString(ffi.Nil) == "")
	ffi.Free(p)

	m := ffi.Malloc(64)
	fmt.Println(ffi.Int64(m, 0), ffi.Uint8(m, 63))
	ffi.SetInt8(m, 0, -2)
	ffi.SetInt16(m, 2, -300)
	ffi.SetInt32(m, 4, -70000)
	ffi.SetInt64(m, 8, -1<<40)
	ffi.SetUint8(m, 16, 250)
	ffi.SetUint16(m, 18, 65000)
	ffi.SetUint32(m, 20, 4000000000)
	ffi.SetUint64(m, 24, 1<<63)
	ffi.SetFloat32(m, 32, 1.5)
	ffi.SetFloat64(m, 40, -0.25)
	ffi.SetPointer(m, 48, m+8)
	fmt.Println(ffi.Int8(m, 0), ffi.Int16(m, 2), ffi.Int32(m, 4), ffi.Int64(m, 8))
	fmt.Println(ffi.Uint8(m, 16), ffi.Uint16(m, 18), ffi.Uint32(m, 20), ffi.Uint64(m, 24))
	fmt.Println(ffi.Float32(m, 32), ffi.Float64(m, 40), ffi.PointerAt(m, 48) == m+8, ffi.Int64(ffi.PointerAt(m, 48), 0))
	memset(m, 'x', 5)
	ffi.SetUint8(m, 5, 0)
	fmt.Println(ffi.GoString(m), len(ffi.GoBytes(m, 10)), ffi.GoBytes(m, 3))
	ffi.Copy(m, []byte("copied\x00"))
	fmt.Println(ffi.GoString(m))
	ffi.Free(m)
	ffi.Free(ffi.Nil)

	d := strdup("dup")
	fmt.Println(ffi.GoString(d))
	ffi.Free(d)

	fmt.Println(fail(2), ffi.Errno(), ffi.StrError(ffi.Errno()))
	fmt.Println(fail(13), ffi.Errno(), ffi.StrError(13))
	fmt.Printf("%q\n", getenv("GORT_FFI_NO_SUCH_VARIABLE"))
}

// Output:
// 8 hello, C C true
// 0 0
// -2 -300 -70000 -1099511627776
// 250 65000 4000000000 9223372036854775808
// 1.5 -0.25 true -1099511627776
// xxxxx 10 [120 120 120]
// copied
// dup
// -1 2 No such file or directory
// -1 13 Permission denied
// ""
