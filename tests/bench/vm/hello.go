// The smallest program: gort run's startup time and memory.
package main

func main() {
	println("hello, world")
}
