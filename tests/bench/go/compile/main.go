// The Go twin of bench_compile: go/parser + go/types over the same
// corpus and the same generated program (imports are not resolved: the
// importer fails and checking goes on, as for gort without them).
package main

import (
	"bufio"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"strings"
	"time"
)

type noImporter struct{}

func (noImporter) Import(path string) (*types.Package, error) { return nil, errors.New("no importer") }

func check(name string, src []byte) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, 0)
	if err != nil && f == nil {
		return
	}
	conf := types.Config{Importer: noImporter{}, Error: func(error) {}}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	conf.Check("main", fset, []*ast.File{f}, info)
}

func gen(n int) []byte {
	var b strings.Builder
	b.WriteString("package main\n\ntype pt struct{ x, y int }\n\nfunc (p *pt) move(dx int) { p.x += dx }\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "func f%d(xs []int, m map[string]int) (int, error) {\n\ttotal := 0\n\tp := &pt{x: %d, y: 2}\n\tfor i, x := range xs {\n\t\tif x%%2 == 0 && i > 3 {\n\t\t\ttotal += x * 3\n\t\t} else {\n\t\t\ttotal -= len(m) << 1\n\t\t}\n\t}\n\tadd := func(k string) { m[k] = total + p.y }\n\tadd(\"k%d\")\n\tswitch total %% 3 {\n\tcase 0:\n\t\tp.move(1)\n\tdefault:\n\t\ttotal++\n\t}\n\treturn total + p.x, nil\n}\n", i, i, i)
	}
	b.WriteString("\nfunc main() {}\n")
	return []byte(b.String())
}

func main() {
	lf, err := os.Open("../../../gosuite/public.tsv")
	if err != nil {
		return
	}
	var names []string
	var srcs [][]byte
	lines := 0
	sc := bufio.NewScanner(lf)
	sc.Scan()
	for sc.Scan() {
		p := strings.SplitN(sc.Text(), "\t", 2)[0]
		src, err := os.ReadFile("/usr/share/go-1.19/test/" + p)
		if err != nil {
			continue
		}
		names = append(names, p)
		srcs = append(srcs, src)
		lines += strings.Count(string(src), "\n")
	}
	best := 1e30
	for r := 0; r < 3; r++ {
		t0 := time.Now()
		for i := range srcs {
			check(names[i], srcs[i])
		}
		if s := time.Since(t0).Seconds(); s < best {
			best = s
		}
	}
	fmt.Printf("BENCH compile_corpus lines/s %.1f\n", float64(lines)/best)
	g := gen(10000)
	gl := strings.Count(string(g), "\n")
	best = 1e30
	for r := 0; r < 3; r++ {
		t0 := time.Now()
		check("large.go", g)
		if s := time.Since(t0).Seconds(); s < best {
			best = s
		}
	}
	fmt.Printf("BENCH compile_large lines/s %.1f\n", float64(gl)/best)
	small := []byte("package main\n\nimport \"fmt\"\n\ntype point struct{ x, y int }\n\nfunc (p point) add(q point) point { return point{p.x + q.x, p.y + q.y} }\n\nfunc sum(xs []int) (n int) {\n\tfor _, x := range xs {\n\t\tn += x\n\t}\n\treturn\n}\n\nfunc main() {\n\tp := point{1, 2}.add(point{3, 4})\n\tfmt.Println(p, sum([]int{1, 2, 3}))\n}\n")
	best = 1e30
	for r := 0; r < 3; r++ {
		t0 := time.Now()
		for i := 0; i < 2000; i++ {
			check("small.go", small)
		}
		if ns := float64(time.Since(t0).Nanoseconds()) / 2000; ns < best {
			best = ns
		}
	}
	fmt.Printf("BENCH compile_small ns/op %.2f\n", best)
}
