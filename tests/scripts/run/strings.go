// Strings: concatenation, len, index, slice, compare.
package main

func main() {
	s := "hello"
	t := s + ", " + "world"
	println(t, len(t))
	println(t[0], t[len(t)-1])
	println(t[7:], t[:5], t[3:8], t[:])
	println("abc" < "abd", "abc" < "ab", "" < "a", "b" > "abc")
	println(s == "hello", s != "hello", s <= "hellp", s >= "hello")
	u := ""
	for i := 0; i < 5; i++ {
		u += string(rune('a' + i))
	}
	println(u, len(u))
	println(len("héllo"), "héllo"[1])
}

// Output:
// hello, world 12
// 104 100
// world hello lo, w hello, world
// true false true true
// true false true true
// abcde 5
// 6 195
