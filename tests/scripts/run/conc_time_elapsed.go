// time.Now, Since, Sub, Until, Add, Before, After and Equal measure
// elapsed time (no exact timing is printed).
package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	el := time.Since(start)
	fmt.Println(el >= 20*time.Millisecond, el < 10*time.Second)
	now := time.Now()
	fmt.Println(now.Sub(start) >= 20*time.Millisecond, now.After(start), start.Before(now), now.Equal(now))
	later := now.Add(time.Hour)
	fmt.Println(later.Sub(now).String(), time.Until(later) > 59*time.Minute, later.After(now))
	var zero time.Time
	fmt.Println(zero.IsZero(), now.IsZero())
	fmt.Println(time.Unix(1700000000, 5).Unix(), time.Unix(1700000000, 5).UnixNano(), time.Unix(1, 999999999).UnixMilli())
	fmt.Println(now.Unix() > 1600000000, now.UnixMilli()/1000 == now.Unix())
}

// Output:
// true true
// true true true true
// 1h0m0s true true
// true false
// 1700000000 1700000000000000005 1999
// true true
