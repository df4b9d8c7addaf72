package main

import (
	"fmt"
)

func main() {
	v := vec{1, 2}
	fmt.Println(v, &v, []vec{v})
	fmt.Printf("%v %s %d %+v %#v\n", v, v, v, v, v)
	g := gs{3}
	fmt.Printf("%v %#v\n", g, g)
	f := fm{"x"}
	fmt.Printf("%v|%5.2q|%-8d|%+x\n", f, f, f, f)
	var e error = myErr{}
	fmt.Println(e)
	fmt.Printf("%v %s %q\n", e, e, e)
}

type vec struct{ X, Y int }

func (v vec) String() string { return fmt.Sprintf("(%d,%d)", v.X, v.Y) }

type gs struct{ n int }

func (g gs) GoString() string { return fmt.Sprintf("gs<%d>", g.n) }

type fm struct{ s string }

func (f fm) Format(st fmt.State, verb rune) {
	w, wok := st.Width()
	p, pok := st.Precision()
	fmt.Fprintf(st, "[%c w=%d,%v p=%d,%v plus=%v minus=%v %s]", verb, w, wok, p, pok, st.Flag('+'), st.Flag('-'), f.s)
}

type myErr struct{}

func (myErr) Error() string {
	return "my error"
}

// Output:
// (1,2) (1,2) [(1,2)]
// (1,2) (1,2) {1 2} (1,2) main.vec{X:1, Y:2}
// {3} gs<3>
// [v w=0,false p=0,false plus=false minus=false x]|[q w=5,true p=2,true plus=false minus=false x]|[d w=8,true p=2,false plus=false minus=true x]|[x w=8,false p=2,false plus=true minus=false x]
// my error
// my error my error "my error"
