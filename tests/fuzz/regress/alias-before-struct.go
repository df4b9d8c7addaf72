package main

type F = func(E)
type E struct{ f F }

var x = E{func(E) {}}

func main() { println(x.f != nil) }
