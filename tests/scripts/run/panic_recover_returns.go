// After a recovery the function returns normally with its named results;
// unnamed results keep what a return stored.
package main

import "fmt"

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	q = a / b
	return q, nil
}

func unnamed() int {
	defer func() { recover() }()
	defer func() { panic("late") }()
	return 5
}

func main() {
	q, err := safeDiv(10, 2)
	fmt.Println(q, err)
	q, err = safeDiv(1, 0)
	fmt.Println(q, err)
	fmt.Println(unnamed())
}

// Output:
// 5 <nil>
// 0 runtime error: integer divide by zero
// 5
