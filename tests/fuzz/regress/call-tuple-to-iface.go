package main

import "fmt"

type A struct {
	K int
	S string
}

func two() (int, A) { return 1, A{2, "x"} }

func use(x int, a interface{}) { fmt.Println(x, a) }

func main() { use(two()) }
