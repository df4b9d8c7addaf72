// The API of package ffi: C memory and C strings for scripts that call C
// through //gort:extern declarations (docs/ffi.md). Declarations without
// bodies; stdlib/ffi/ffi.c implements them.
package ffi

// Pointer is an address of C memory, opaque to the collector: memory it
// names is never freed or moved by it. Pointer arithmetic is integer
// arithmetic (p + 8). Nil is the zero Pointer.
type Pointer uintptr

// Nil is C's NULL.
const Nil Pointer = 0

// Malloc returns n bytes of zeroed C memory (calloc); it panics when C is
// out of memory. Free it with Free.
func Malloc(n int) Pointer

// Free releases memory from Malloc or CString (C's free). Free(Nil) does
// nothing.
func Free(p Pointer)

// CString returns a NUL-terminated C copy of s in memory from Malloc.
func CString(s string) Pointer

// GoString returns a Go copy of the NUL-terminated C string at p ("" for
// Nil).
func GoString(p Pointer) string

// GoStringN returns a Go copy of the n bytes at p.
func GoStringN(p Pointer, n int) string

// GoBytes returns a Go copy of the n bytes at p.
func GoBytes(p Pointer, n int) []byte

// Copy copies b into the C memory at p (len(b) bytes).
func Copy(p Pointer, b []byte)

// Errno returns C's errno as the last C call of this goroutine left it.
func Errno() int

// StrError returns C's message for errno value e (strerror).
func StrError(e int) string

// Loads and stores of C scalars at p+off (byte offsets).
func Int8(p Pointer, off int) int8
func Int16(p Pointer, off int) int16
func Int32(p Pointer, off int) int32
func Int64(p Pointer, off int) int64
func Uint8(p Pointer, off int) uint8
func Uint16(p Pointer, off int) uint16
func Uint32(p Pointer, off int) uint32
func Uint64(p Pointer, off int) uint64
func Float32(p Pointer, off int) float32
func Float64(p Pointer, off int) float64
func PointerAt(p Pointer, off int) Pointer
func SetInt8(p Pointer, off int, v int8)
func SetInt16(p Pointer, off int, v int16)
func SetInt32(p Pointer, off int, v int32)
func SetInt64(p Pointer, off int, v int64)
func SetUint8(p Pointer, off int, v uint8)
func SetUint16(p Pointer, off int, v uint16)
func SetUint32(p Pointer, off int, v uint32)
func SetUint64(p Pointer, off int, v uint64)
func SetFloat32(p Pointer, off int, v float32)
func SetFloat64(p Pointer, off int, v float64)
func SetPointer(p Pointer, off int, v Pointer)
