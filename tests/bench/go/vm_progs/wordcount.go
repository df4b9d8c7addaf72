// Generated from tests/bench/vm/wordcount.go (its main renamed main_wordcount):
// the compiled-Go twin of bench_vm_progs' prog row.
package main

// Word count over maps and strings: a deterministic text of 2,000,000
// words drawn from a 5,000-word vocabulary (words built by concatenating
// syllables), produced in short chunks, each split on spaces and counted
// in one map[string]int.

var syllables = "ka lo mi ne ru sa to vi de po"

func word(n int) string {
	w := ""
	for {
		i := n % 10
		w += syllables[i*3 : i*3+2]
		n /= 10
		if n == 0 {
			return w
		}
	}
}

func count(text string, counts map[string]int) {
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == ' ' {
			if i > start {
				counts[text[start:i]]++
			}
			start = i + 1
		}
	}
}

func main_wordcount() {
	counts := make(map[string]int)
	seed := 42
	chunk := ""
	for i := 0; i < 2000000; i++ {
		seed = (seed*1103515245 + 12345) % 2147483648
		chunk += word(seed%5000) + " "
		if len(chunk) > 256 {
			count(chunk, counts)
			chunk = ""
		}
	}
	count(chunk, counts)
	best, bestWord := 0, ""
	for w, c := range counts {
		if c > best || (c == best && w < bestWord) {
			best, bestWord = c, w
		}
	}
	println(len(counts), "distinct words; most frequent:", bestWord, best)
}
