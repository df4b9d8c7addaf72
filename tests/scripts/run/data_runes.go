// []rune(s) and string(runes), with multi-byte and invalid UTF-8.
package main

func main() {
	s := "héllo, 世界"
	r := []rune(s)
	println(len(s), len(r), r[1], r[7])
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	println(string(r))
	bad := []rune("a\xffb")
	println(len(bad), bad[1])
	println(string([]rune{0x48, 0x49, -1, 0x10FFFF + 1}))
}

// Output:
// 14 9 233 19990
// 界世 ,olléh
// 3 65533
// HI��
