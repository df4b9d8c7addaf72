package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	r := strings.NewReplacer("<", "&lt;", ">", "&gt;", "&", "&amp;")
	fmt.Println(r.Replace("This is <b>HTML</b> & stuff"))
	fmt.Println(strings.NewReplacer("a", "1", "aa", "2", "aaa", "3").Replace("aaaa"))
	fmt.Println(strings.NewReplacer("aaa", "3", "aa", "2", "a", "1").Replace("aaaa"))
	fmt.Println(strings.NewReplacer("", "-").Replace("abc"))
	fmt.Println(strings.NewReplacer("a", "b", "a", "c").Replace("aa"))
	fmt.Println(strings.NewReplacer("hello", "bye").Replace("hello hellohello"))
	fmt.Println(strings.NewReplacer().Replace("same"))
	n, err := r.WriteString(os.Stdout, "<x>\n")
	fmt.Println(n, err)
}

// Output:
// This is &lt;b&gt;HTML&lt;/b&gt; &amp; stuff
// 1111
// 31
// -a-b-c-
// bb
// bye byebye
// same
// &lt;x&gt;
// 10 <nil>
