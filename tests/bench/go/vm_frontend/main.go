// The Go twin of bench_vm_frontend: go/scanner, go/parser and go/types
// over the same inputs (the public gosuite corpus, one check per program,
// and the same generated 200,000-line program), under the same row names.
// The importer fails and checking goes on (as in tests/bench/go/compile),
// so Go checks less than gort for programs that import packages.
// Times are process CPU time (user + system), best of N passes.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"strings"
	"syscall"
)

type noImporter struct{}

func (noImporter) Import(path string) (*types.Package, error) { return nil, errors.New("no importer") }

func cpu() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

const (
	stScan = iota
	stParse
	stFull
)

func pass(names []string, srcs [][]byte, st int) float64 {
	t0 := cpu()
	for i, src := range srcs {
		fset := token.NewFileSet()
		switch st {
		case stScan:
			var s scanner.Scanner
			s.Init(fset.AddFile(names[i], -1, len(src)), src, nil, 0)
			for {
				_, tok, _ := s.Scan()
				if tok == token.EOF {
					break
				}
			}
		case stParse:
			parser.ParseFile(fset, names[i], src, 0)
		case stFull:
			f, _ := parser.ParseFile(fset, names[i], src, 0)
			if f == nil {
				continue
			}
			conf := types.Config{Importer: noImporter{}, Error: func(error) {}}
			info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
			conf.Check("main", fset, []*ast.File{f}, info)
		}
	}
	return cpu() - t0
}

func measure(what string, names []string, srcs [][]byte, lines int, reps int) {
	var t [3]float64
	for st := range t {
		t[st] = 1e30
		for r := 0; r < reps; r++ {
			if s := pass(names, srcs, st); s < t[st] {
				t[st] = s
			}
		}
	}
	l := float64(lines)
	fmt.Printf("BENCH fe_scan_%s lines/s %.0f\n", what, l/t[stScan])
	fmt.Printf("BENCH fe_parse_%s lines/s %.0f\n", what, l/t[stParse])
	if t[stFull] > t[stParse] {
		fmt.Printf("BENCH fe_check_%s lines/s %.0f\n", what, l/(t[stFull]-t[stParse]))
	}
	fmt.Printf("BENCH fe_full_%s lines/s %.0f\n", what, l/t[stFull])
	fmt.Printf("BENCH fe_goal_%s x %.3f\n", what, l/t[stFull]/1e6)
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
	measure("corpus", names, srcs, lines, 5)
	g := gen(10000)
	measure("large", []string{"large.go"}, [][]byte{g}, strings.Count(string(g), "\n"), 3)
}
