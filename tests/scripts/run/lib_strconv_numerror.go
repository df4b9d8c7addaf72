package main

import (
	"errors"
	"fmt"
	"strconv"
)

func main() {
	_, err := strconv.Atoi("abc")
	var ne *strconv.NumError
	fmt.Println(errors.As(err, &ne), ne.Func, ne.Num, ne.Err)
	if e, ok := err.(*strconv.NumError); ok {
		fmt.Println("func", e.Func, "num", e.Num, "err", e.Err, e.Err == strconv.ErrSyntax)
	}
	fmt.Printf("%T %v\n", err, err)
	_, err = strconv.ParseInt("999999999999999999999", 10, 64)
	fmt.Println(errors.Is(err, strconv.ErrRange), errors.Is(err, strconv.ErrSyntax), errors.Unwrap(err))
	_, err = strconv.ParseFloat("1e999", 64)
	fmt.Println(err, errors.Is(err, strconv.ErrRange))
	e2 := &strconv.NumError{Func: "Mine", Num: "q", Err: errors.New("custom")}
	fmt.Println(e2.Error(), e2)
	fmt.Println(strconv.ErrRange, strconv.ErrSyntax, strconv.IntSize)
	w := fmt.Errorf("wrapped: %w", err)
	fmt.Println(w, errors.Is(w, strconv.ErrRange), errors.As(w, &ne), ne.Num)
}

// Output:
// true Atoi abc invalid syntax
// func Atoi num abc err invalid syntax true
// *strconv.NumError strconv.Atoi: parsing "abc": invalid syntax
// true false value out of range
// strconv.ParseFloat: parsing "1e999": value out of range true
// strconv.Mine: parsing "q": custom strconv.Mine: parsing "q": custom
// value out of range invalid syntax 64
// wrapped: strconv.ParseFloat: parsing "1e999": value out of range true true 1e999
