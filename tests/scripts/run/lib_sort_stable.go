package main

import (
	"fmt"
	"sort"
	"strconv"
)

func main() {
	ps := make([]person, 60)
	for i := range ps {
		ps[i] = person{"q" + strconv.Itoa(i), (i * 13) % 7}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].age < ps[j].age })
	fmt.Println(ps)
	words := []string{"banana", "kiwi", "apple", "fig", "cherry", "date", "egg", "grape"}
	sort.SliceStable(words, func(i, j int) bool { return len(words[i]) < len(words[j]) })
	fmt.Println(words)
}

type person struct {
	name string
	age  int
}

// Output:
// [{q0 0} {q7 0} {q14 0} {q21 0} {q28 0} {q35 0} {q42 0} {q49 0} {q56 0} {q6 1} {q13 1} {q20 1} {q27 1} {q34 1} {q41 1} {q48 1} {q55 1} {q5 2} {q12 2} {q19 2} {q26 2} {q33 2} {q40 2} {q47 2} {q54 2} {q4 3} {q11 3} {q18 3} {q25 3} {q32 3} {q39 3} {q46 3} {q53 3} {q3 4} {q10 4} {q17 4} {q24 4} {q31 4} {q38 4} {q45 4} {q52 4} {q59 4} {q2 5} {q9 5} {q16 5} {q23 5} {q30 5} {q37 5} {q44 5} {q51 5} {q58 5} {q1 6} {q8 6} {q15 6} {q22 6} {q29 6} {q36 6} {q43 6} {q50 6} {q57 6}]
// [fig egg kiwi date apple grape banana cherry]
