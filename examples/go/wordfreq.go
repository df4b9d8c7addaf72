// wordfreq: a word-frequency report, the kind of text processing scripts
// do every day. It splits a text into words with strings.FieldsFunc and
// unicode, counts them in a map, ranks them with sort.Slice (count, then
// word), and prints an aligned table with fmt widths, strconv and a bar
// drawn with strings.Repeat, written through an io.Writer
// (fmt.Fprintf to a strings.Builder, then to os.Stdout).
//
//	gort run examples/go/wordfreq.go
//
// Its expected output is checked against the Output block at the end.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

const text = `It was the best of times, it was the worst of times, it was the age
of wisdom, it was the age of foolishness, it was the epoch of belief, it
was the epoch of incredulity, it was the season of Light, it was the
season of Darkness, it was the spring of hope, it was the winter of
despair, we had everything before us, we had nothing before us, we were
all going direct to Heaven, we were all going direct the other way.`

type entry struct {
	word  string
	count int
}

// count splits text into lower-case words (letters and apostrophes).
func count(text string) (map[string]int, int) {
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	})
	m := make(map[string]int)
	for _, w := range words {
		m[strings.ToLower(w)]++
	}
	return m, len(words)
}

// rank orders the entries by count, most frequent first, then by word.
func rank(m map[string]int) []entry {
	es := make([]entry, 0, len(m))
	for w, c := range m {
		es = append(es, entry{w, c})
	}
	sort.Slice(es, func(i, j int) bool {
		if es[i].count != es[j].count {
			return es[i].count > es[j].count
		}
		return es[i].word < es[j].word
	})
	return es
}

func report(w io.Writer, es []entry, total, top int) {
	fmt.Fprintf(w, "%-4s %-12s %5s %7s\n", "rank", "word", "count", "share")
	fmt.Fprintln(w, strings.Repeat("-", 31))
	for i, e := range es {
		if i == top {
			break
		}
		share := 100 * float64(e.count) / float64(total)
		fmt.Fprintf(w, "%4d %-12s %5d %6.2f%% %s\n", i+1, e.word, e.count, share, strings.Repeat("#", e.count))
	}
	longest := ""
	for _, e := range es {
		if len(e.word) > len(longest) || (len(e.word) == len(longest) && e.word < longest) {
			longest = e.word
		}
	}
	fmt.Fprintf(w, "%d words, %d distinct; longest %s (%s letters)\n", total, len(es),
		strconv.Quote(longest), strconv.Itoa(len(longest)))
}

func main() {
	m, total := count(text)
	var sb strings.Builder
	report(&sb, rank(m), total, 10)
	fmt.Fprint(os.Stdout, sb.String())
}

// Output:
// rank word         count   share
// -------------------------------
//    1 the             11  12.94% ###########
//    2 it              10  11.76% ##########
//    3 of              10  11.76% ##########
//    4 was             10  11.76% ##########
//    5 we               4   4.71% ####
//    6 age              2   2.35% ##
//    7 all              2   2.35% ##
//    8 before           2   2.35% ##
//    9 direct           2   2.35% ##
//   10 epoch            2   2.35% ##
// 85 words, 34 distinct; longest "foolishness" (11 letters)
