package main

import (
	"fmt"
	"unicode"
)

func main() {
	for _, r := range "aZé ßǅǆǄΣσςİıﬀ𐐨" {
		fmt.Printf("%c %c %c %c %c\n", r, unicode.ToUpper(r), unicode.ToLower(r), unicode.ToTitle(r), unicode.SimpleFold(r))
	}
	fmt.Println(unicode.To(unicode.UpperCase, 'q'), unicode.To(unicode.LowerCase, 'Q'), unicode.ToUpper(-5), unicode.SimpleFold('K'), unicode.SimpleFold('k'), unicode.SimpleFold('\u212A'), unicode.SimpleFold('1'))
	fmt.Println(unicode.MaxRune, unicode.ReplacementChar, unicode.MaxASCII, unicode.MaxLatin1)
}

// Output:
// a A a A A
// Z Z z Z z
// é É é É É
//          
// ß ß ß ß ẞ
// ǅ Ǆ ǆ ǅ ǆ
// ǆ Ǆ ǆ ǅ Ǆ
// Ǆ Ǆ ǆ ǅ ǅ
// Σ Σ σ Σ ς
// σ Σ σ Σ Σ
// ς Σ ς Σ σ
// İ İ i İ İ
// ı I ı I ı
// ﬀ ﬀ ﬀ ﬀ ﬀ
// 𐐨 𐐀 𐐨 𐐀 𐐀
// 81 113 -5 107 8490 75 49
// 1114111 65533 127 255
