package main

import (
	"fmt"
	"unicode"
)

func main() {
	for _, r := range "aZ5 é!Ω\t☺_ǅ٣\u00a0\u2028½€\u0301\x7f" {
		fmt.Printf("%q %v %v %v %v %v %v %v %v %v %v %v %v\n", r, unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsNumber(r), unicode.IsSpace(r), unicode.IsUpper(r), unicode.IsLower(r), unicode.IsTitle(r), unicode.IsPunct(r), unicode.IsSymbol(r), unicode.IsMark(r), unicode.IsControl(r), unicode.IsPrint(r))
	}
	fmt.Println(unicode.IsGraphic('\u00a0'), unicode.IsPrint('\u00a0'), unicode.IsLetter(-1), unicode.IsUpper(0x110000))
}

// Output:
// 'a' true false false false false true false false false false false true
// 'Z' true false false false true false false false false false false true
// '5' false true true false false false false false false false false true
// ' ' false false false true false false false false false false false true
// 'é' true false false false false true false false false false false true
// '!' false false false false false false false true false false false true
// 'Ω' true false false false true false false false false false false true
// '\t' false false false true false false false false false false true false
// '☺' false false false false false false false false true false false true
// '_' false false false false false false false true false false false true
// 'ǅ' true false false false false false true false false false false true
// '٣' false true true false false false false false false false false true
// '\u00a0' false false false true false false false false false false false false
// '\u2028' false false false true false false false false false false false false
// '½' false false true false false false false false false false false true
// '€' false false false false false false false false true false false true
// '́' false false false false false false false false false true false true
// '\x7f' false false false false false false false false false false true false
// true false false false
