// hello: the smallest gort program.
//
//	scripts/run hello.go
//	build/vm/gort run examples/go/hello.go
package main

func main() {
	println("hello, gort")
}
