package main

import (
	"fmt"
	"sort"
	"strconv"
)

func main() {
	var ps []person
	for i := 0; i < 100; i++ {
		ps = append(ps, person{"p" + strconv.Itoa(i), (i * 37) % 10})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].age < ps[j].age })
	fmt.Println(ps)
	fmt.Println(sort.SliceIsSorted(ps, func(i, j int) bool { return ps[i].age < ps[j].age }))
	words := []string{"banana", "kiwi", "apple", "fig", "cherry", "date", "egg", "grape"}
	sort.Slice(words, func(i, j int) bool { return len(words[i]) < len(words[j]) })
	fmt.Println(words)
}

type person struct {
	name string
	age  int
}

// Output:
// [{p10 0} {p80 0} {p0 0} {p30 0} {p60 0} {p20 0} {p40 0} {p70 0} {p90 0} {p50 0} {p93 1} {p33 1} {p63 1} {p13 1} {p3 1} {p83 1} {p73 1} {p43 1} {p53 1} {p23 1} {p66 2} {p86 2} {p96 2} {p36 2} {p76 2} {p56 2} {p26 2} {p16 2} {p46 2} {p6 2} {p29 3} {p79 3} {p99 3} {p89 3} {p69 3} {p9 3} {p19 3} {p59 3} {p49 3} {p39 3} {p72 4} {p62 4} {p42 4} {p2 4} {p92 4} {p32 4} {p12 4} {p82 4} {p52 4} {p22 4} {p25 5} {p15 5} {p95 5} {p75 5} {p85 5} {p55 5} {p45 5} {p35 5} {p65 5} {p5 5} {p8 6} {p28 6} {p38 6} {p18 6} {p78 6} {p58 6} {p98 6} {p88 6} {p68 6} {p48 6} {p41 7} {p51 7} {p31 7} {p11 7} {p1 7} {p71 7} {p91 7} {p61 7} {p81 7} {p21 7} {p4 8} {p64 8} {p94 8} {p44 8} {p84 8} {p54 8} {p14 8} {p24 8} {p74 8} {p34 8} {p37 9} {p87 9} {p7 9} {p17 9} {p77 9} {p27 9} {p67 9} {p97 9} {p57 9} {p47 9}]
// true
// [fig egg kiwi date apple grape banana cherry]
