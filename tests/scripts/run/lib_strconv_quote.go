package main

import (
	"fmt"
	"strconv"
)

func main() {
	fmt.Println(strconv.Quote("hi\n\"there\"\t\x00é☺\U0001F600\xff\u200b\a"))
	fmt.Println(strconv.QuoteToASCII("é☺\n日本"), strconv.QuoteRune('☺'), strconv.QuoteRune('\''), strconv.QuoteRune('"'), strconv.QuoteRuneToASCII('☺'), strconv.QuoteRune(0x110000))
	fmt.Println(strconv.CanBackquote("a`b"), strconv.CanBackquote("ab\tc"), strconv.CanBackquote("a\nb"), strconv.IsPrint('a'), strconv.IsPrint('\t'), strconv.IsPrint('\u00a0'), strconv.IsPrint('é'), strconv.IsPrint('\u200b'))
}

// Output:
// "hi\n\"there\"\t\x00é☺😀\xff\u200b\a"
// "\u00e9\u263a\n\u65e5\u672c" '☺' '\'' '"' '\u263a' '�'
// false true false true false false true false
