// Golden errors: arguments to the built-ins print and println. Each argument
// is assigned to its default type, and the message names the built-in as Go
// 1.19's compiler does ("argument to println").

package main

func main() {
	println(nil)          // ERROR "use of untyped nil in argument to println"
	print(1e300 * 1e300)  // ERROR "cannot use 1e300 \* 1e300 \(untyped float constant 1e\+600\) as float64 value in argument to print \(overflows\)"
	println(1 << 70)      // ERROR "cannot use 1 << 70 \(untyped int constant 1180591620717411303424\) as int value in argument to println \(overflows\)"
	println(1.5, "ok", true)
}
