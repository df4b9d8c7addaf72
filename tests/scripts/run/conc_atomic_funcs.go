// sync/atomic's functions on int32, int64, uint32, uint64 and uintptr:
// Add, Load, Store, Swap, CompareAndSwap, including wrap-around.
package main

import (
	"fmt"
	"sync/atomic"
)

func main() {
	var i32 int32 = 5
	var i64 int64 = -7
	var u32 uint32 = 1
	var u64 uint64 = 10
	var up uintptr = 3
	fmt.Println(atomic.AddInt32(&i32, -10), atomic.AddInt64(&i64, 1<<40), atomic.AddUint32(&u32, ^uint32(0)), atomic.AddUint64(&u64, 5), atomic.AddUintptr(&up, 4))
	fmt.Println(atomic.LoadInt32(&i32), atomic.LoadInt64(&i64), atomic.LoadUint32(&u32), atomic.LoadUint64(&u64), atomic.LoadUintptr(&up))
	atomic.StoreInt32(&i32, -2147483648)
	atomic.StoreInt64(&i64, 9223372036854775807)
	atomic.StoreUint32(&u32, 4294967295)
	atomic.StoreUint64(&u64, 18446744073709551615)
	atomic.StoreUintptr(&up, 99)
	fmt.Println(i32, i64, u32, u64, up)
	fmt.Println(atomic.AddInt32(&i32, -1), atomic.AddInt64(&i64, 1), atomic.AddUint32(&u32, 1), atomic.AddUint64(&u64, 2))
	fmt.Println(atomic.SwapInt32(&i32, 7), atomic.SwapInt64(&i64, 8), atomic.SwapUint32(&u32, 9), atomic.SwapUint64(&u64, 10), atomic.SwapUintptr(&up, 11))
	fmt.Println(atomic.CompareAndSwapInt32(&i32, 7, 70), atomic.CompareAndSwapInt32(&i32, 7, 700), i32)
	fmt.Println(atomic.CompareAndSwapInt64(&i64, 8, 80), atomic.CompareAndSwapInt64(&i64, 8, 800), i64)
	fmt.Println(atomic.CompareAndSwapUint32(&u32, 9, 90), atomic.CompareAndSwapUint32(&u32, 9, 900), u32)
	fmt.Println(atomic.CompareAndSwapUint64(&u64, 10, 100), atomic.CompareAndSwapUint64(&u64, 1, 1000), u64)
	fmt.Println(atomic.CompareAndSwapUintptr(&up, 11, 110), up)
	arr := []int64{1, 2, 3}
	atomic.AddInt64(&arr[1], 40)
	fmt.Println(arr)
}

// Output:
// -5 1099511627769 0 15 7
// -5 1099511627769 0 15 7
// -2147483648 9223372036854775807 4294967295 18446744073709551615 99
// 2147483647 -9223372036854775808 0 1
// 2147483647 -9223372036854775808 0 1 99
// true false 70
// true false 80
// true false 90
// true false 100
// true 110
// [1 42 3]
