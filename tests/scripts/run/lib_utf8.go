package main

import (
	"fmt"
	"unicode/utf8"
)

func main() {
	s := "héllo, 世界\xff"
	fmt.Println(utf8.RuneCountInString(s), utf8.ValidString(s), utf8.ValidString("ok"), utf8.RuneLen('世'), utf8.RuneLen(-1), utf8.RuneLen(0xD800), utf8.ValidRune(0x10FFFF), utf8.ValidRune(0xD800))
	r, n := utf8.DecodeRuneInString(s[1:])
	fmt.Println(r, n)
	r, n = utf8.DecodeRuneInString("")
	fmt.Println(r, n)
	r, n = utf8.DecodeLastRuneInString(s)
	fmt.Println(r, n, r == utf8.RuneError)
	r, n = utf8.DecodeLastRuneInString("世")
	fmt.Println(r, n)
	b := make([]byte, 4)
	n = utf8.EncodeRune(b, '界')
	fmt.Println(b[:n], n)
	n = utf8.EncodeRune(b, 0x110000)
	fmt.Println(b[:n], n)
	b = utf8.AppendRune(nil, 'é')
	fmt.Println(b, utf8.RuneCount(b), utf8.FullRune(b[:1]), utf8.FullRune(b), utf8.Valid(b), utf8.Valid([]byte{0xc0, 0x80}))
	r, n = utf8.DecodeRune([]byte{0xed, 0xa0, 0x80})
	fmt.Println(r, n, utf8.UTFMax, utf8.RuneSelf, utf8.MaxRune)
	r, n = utf8.DecodeLastRune([]byte("ab€"))
	fmt.Println(r, n, utf8.RuneStart(0x80), utf8.RuneStart('a'), utf8.FullRuneInString("\xe4\xb8"))
}

// Output:
// 10 false true 3 -1 -1 true false
// 233 2
// 65533 0
// 65533 1 true
// 19990 3
// [231 149 140] 3
// [239 191 189] 3
// [195 169] 1 false true true false
// 65533 1 4 128 1114111
// 8364 3 false true false
