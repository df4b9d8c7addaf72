// Command gen-stdlib-decls writes stdlib/<importpath>/<name>.go: the
// exported API of the Go 1.19 standard library packages that gort scripts
// may import, as Go declarations without bodies. gort's type checker reads
// these files exactly as it reads user code (docs/stdlib.md).
//
// Run from the repository root with Go 1.19:
//
//	/usr/lib/go-1.19/bin/go run scripts/gen-stdlib-decls.go
//
// It type-checks each package from Go's sources (GOOS=linux, GOARCH=amd64)
// and prints, per package: constants with their exact values, variables,
// functions, and types with their methods. Rules that keep the output inside
// gort's language:
//   - unexported struct fields are left out (except in the types of
//     keepFields, whose natives read the layout Go gives them); a struct
//     that Go cannot compare
//     keeps that property through a blank `_ [0]func()` field, and exported
//     methods promoted through a left-out embedded field are declared on the
//     type itself (testing.T's Errorf comes from its unexported `common`);
//   - declarations that need generics, complex numbers, unsafe, reflect or an
//     internal package are left out, each with a comment saying why;
//   - packages that the roots' APIs reference (io/fs through os, say) get
//     only the declarations that are referenced, transitively.
//
// Last, it type-checks its own output with go/types (each package importing
// only the generated ones), so every name a declaration uses is declared.
package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// The packages scripts import: every import of the programs in
// /work/shared/gosuite/public.tsv and errorcheck.tsv (including the dot
// import of testing in test/fixedbugs/bug295.go and issue6428.go), plus the
// stdlib list of the design (bufio, context, sort, unicode).
var roots = []string{
	"bufio", "bytes", "context", "errors", "fmt", "io", "math", "math/rand", "os",
	"runtime", "sort", "strconv", "strings", "sync", "sync/atomic", "testing", "time",
	"unicode", "unicode/utf8",
}

// keepFields lists the types whose unexported fields are kept as Go
// declares them: natives in stdlib/<pkg>/<pkg>.c implement their methods
// over that layout (strings.Builder: addr, the copy check; buf, the bytes).
var keepFields = map[string]bool{
	"strings.Builder": true,
	"bytes.Buffer":    true,
}

// gortLayout gives the types whose natives work on the runtime's own C
// structs (gort.h) the layout of those structs instead of Go's: the
// zero value is the C struct's zero value, so `var mu sync.Mutex` works
// in any variable or field, and the collector scans the pointer fields.
// stdlib/sync/sync.c, atomic.c, stdlib/time/time.c say what each is.
var gortLayout = map[string]string{
	"sync.Mutex":     "struct {\n\tstate int32\n\tsema  uint32\n}",
	"sync.RWMutex":   "struct {\n\tw           Mutex\n\twriterSem   uint32\n\treaderSem   uint32\n\treaderCount int32\n\treaderWait  int32\n}",
	"sync.WaitGroup": "struct {\n\tstate uint64\n\tsema  uint32\n}",
	"sync.Once":      "struct {\n\tdone uint32\n\tm    Mutex\n}",
	"sync.Cond":      "struct {\n\tL Locker\n\th Mutex\n\tc notifyCond\n}",
	"sync.Map":       "struct {\n\t_       [0]func() // not comparable, as in Go\n\tkeyType uintptr\n\tmu      Mutex\n\tread    *uintptr\n\tdirty   *uintptr\n\tmisses  int\n}",
	"sync.Pool":      "struct {\n\tNew   func() any\n\tmu    Mutex\n\titems []any\n}",
	"sync/atomic.Bool":    "struct {\n\tv uint32\n}",
	"sync/atomic.Int32":   "struct {\n\tv int32\n}",
	"sync/atomic.Int64":   "struct {\n\tv int64\n}",
	"sync/atomic.Uint32":  "struct {\n\tv uint32\n}",
	"sync/atomic.Uint64":  "struct {\n\tv uint64\n}",
	"sync/atomic.Uintptr": "struct {\n\tv uintptr\n}",
	"sync/atomic.Value":   "struct {\n\tv *any\n}",
	"time.Time":           "struct {\n\twall int64\n}",
	"time.Timer":          "struct {\n\tC <-chan Time\n\tr *uintptr\n\t_ [0]func() // not comparable, as in Go\n}",
	"time.Ticker":         "struct {\n\tC <-chan Time\n\tr *uintptr\n\t_ [0]func() // not comparable, as in Go\n}",
}

// gortExtra declares unexported helper types that a gortLayout uses.
var gortExtra = map[string]string{
	"sync": "type notifyCond struct {\n\tl       *Mutex\n\twait    uint32\n\tnotify  uint32\n\tlock    uint32\n\thead    uintptr\n\ttail    uintptr\n\tchecker uintptr\n}\n",
}

type pkgState struct {
	pkg   *types.Package
	root  bool
	need  map[string]bool
	queue []string
}

type gen struct {
	imp  types.Importer
	pkgs map[string]*pkgState
	// decls[path][name] = text (or a "// ... left out" comment)
	decls map[string]map[string]string
	imps  map[string]map[string]bool // package path -> imported paths
	deps  map[string]map[string][]*types.TypeName
}

type skip struct{ why string }

type printer struct {
	g    *gen
	cur  *types.Package
	deps []*types.TypeName
	imps map[string]bool
}

func (p *printer) fail(why string) { panic(skip{why}) }

func excluded(path string) string {
	switch {
	case path == "unsafe":
		return "uses unsafe.Pointer"
	case path == "reflect":
		return "uses reflect"
	case strings.HasPrefix(path, "internal/") || strings.Contains(path, "/internal/"):
		return "uses the internal package " + path
	}
	return ""
}

func (p *printer) named(obj *types.TypeName) string {
	if obj.Pkg() == nil {
		return obj.Name()
	}
	if why := excluded(obj.Pkg().Path()); why != "" {
		p.fail(why)
	}
	p.deps = append(p.deps, obj)
	if obj.Pkg() == p.cur {
		return obj.Name()
	}
	p.imps[obj.Pkg().Path()] = true
	return obj.Pkg().Name() + "." + obj.Name()
}

func (p *printer) typ(t types.Type) string {
	switch t := t.(type) {
	case *types.Basic:
		switch {
		case t.Kind() == types.UnsafePointer:
			p.fail("uses unsafe.Pointer")
		case t.Info()&types.IsComplex != 0:
			p.fail("uses complex numbers")
		}
		return t.Name()
	case *types.Named:
		if t.TypeArgs().Len() > 0 || t.TypeParams().Len() > 0 {
			p.fail("generic")
		}
		return p.named(t.Obj())
	case *types.Pointer:
		return "*" + p.typ(t.Elem())
	case *types.Slice:
		return "[]" + p.typ(t.Elem())
	case *types.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), p.typ(t.Elem()))
	case *types.Map:
		return "map[" + p.typ(t.Key()) + "]" + p.typ(t.Elem())
	case *types.Chan:
		elem := p.typ(t.Elem())
		switch t.Dir() {
		case types.SendOnly:
			return "chan<- " + elem
		case types.RecvOnly:
			return "<-chan " + elem
		}
		if c, ok := t.Elem().(*types.Chan); ok && c.Dir() == types.RecvOnly {
			elem = "(" + elem + ")"
		}
		return "chan " + elem
	case *types.Signature:
		return "func" + p.sig(t)
	case *types.Struct:
		return p.strct(t)
	case *types.Interface:
		return p.iface(t)
	case *types.TypeParam:
		p.fail("generic")
	}
	p.fail(fmt.Sprintf("unexpected type %T", t))
	return ""
}

func (p *printer) tuple(t *types.Tuple, variadic bool) string {
	var parts []string
	for i := 0; i < t.Len(); i++ {
		v := t.At(i)
		ts := ""
		if variadic && i == t.Len()-1 {
			ts = "..." + p.typ(v.Type().(*types.Slice).Elem())
		} else {
			ts = p.typ(v.Type())
		}
		if v.Name() != "" {
			ts = v.Name() + " " + ts
		}
		parts = append(parts, ts)
	}
	return strings.Join(parts, ", ")
}

func (p *printer) sig(s *types.Signature) string {
	if s.TypeParams().Len() > 0 {
		p.fail("generic")
	}
	out := "(" + p.tuple(s.Params(), s.Variadic()) + ")"
	switch r := s.Results(); {
	case r.Len() == 1 && r.At(0).Name() == "":
		out += " " + p.typ(r.At(0).Type())
	case r.Len() > 0:
		out += " (" + p.tuple(r, false) + ")"
	}
	return out
}

func (p *printer) strct(s *types.Struct) string {
	var b strings.Builder
	b.WriteString("struct {\n")
	kept := 0
	for i := 0; i < s.NumFields(); i++ {
		f := s.Field(i)
		if !f.Exported() {
			continue
		}
		kept++
		if f.Embedded() {
			fmt.Fprintf(&b, "\t%s\n", p.typ(f.Type()))
		} else {
			fmt.Fprintf(&b, "\t%s %s\n", f.Name(), p.typ(f.Type()))
		}
	}
	if !types.Comparable(s) {
		comparableKept := true
		for i := 0; i < s.NumFields(); i++ {
			if f := s.Field(i); f.Exported() && !types.Comparable(f.Type()) {
				comparableKept = false
			}
		}
		if comparableKept {
			b.WriteString("\t_ [0]func() // not comparable, as in Go\n")
			kept++
		}
	}
	if kept == 0 {
		return "struct{}"
	}
	b.WriteString("}")
	return b.String()
}

// strctAll prints every field of s, exported or not (keepFields).
func (p *printer) strctAll(s *types.Struct) string {
	var b strings.Builder
	b.WriteString("struct {\n")
	for i := 0; i < s.NumFields(); i++ {
		f := s.Field(i)
		if f.Embedded() {
			fmt.Fprintf(&b, "\t%s\n", p.typ(f.Type()))
		} else {
			fmt.Fprintf(&b, "\t%s %s\n", f.Name(), p.typ(f.Type()))
		}
	}
	b.WriteString("}")
	return b.String()
}

func (p *printer) iface(t *types.Interface) string {
	if t.NumExplicitMethods() == 0 && t.NumEmbeddeds() == 0 {
		return "any"
	}
	var lines []string
	for i := 0; i < t.NumEmbeddeds(); i++ {
		lines = append(lines, p.typ(t.EmbeddedType(i)))
	}
	for i := 0; i < t.NumExplicitMethods(); i++ {
		m := t.ExplicitMethod(i)
		lines = append(lines, m.Name()+p.sig(m.Type().(*types.Signature)))
	}
	return "interface {\n\t" + strings.Join(lines, "\n\t") + "\n}"
}

// constValue renders an exact constant as Go source of the same kind.
func constValue(v constant.Value) string {
	switch v.Kind() {
	case constant.Bool, constant.Int:
		return v.ExactString()
	case constant.String:
		return v.ExactString()
	case constant.Float:
		if f, exact := constant.Float64Val(v); exact {
			s := strconv.FormatFloat(f, 'g', -1, 64)
			if !strings.ContainsAny(s, ".eIN") {
				s += ".0"
			}
			return s
		}
		s := v.ExactString()
		if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "-0x") {
			return s // a big float in hexadecimal 'p' form: a valid literal
		}
		num, den, ok := strings.Cut(s, "/")
		if !ok {
			return s + ".0"
		}
		if strings.Trim(den[1:], "0") == "" && den[0] == '1' { // a power of ten
			k := len(den) - 1
			neg := strings.HasPrefix(num, "-")
			num = strings.TrimPrefix(num, "-")
			for len(num) <= k {
				num = "0" + num
			}
			d := num[:len(num)-k] + "." + num[len(num)-k:]
			if neg {
				d = "-" + d
			}
			return d
		}
		return num + ".0 / " + den
	}
	panic("constant kind " + v.Kind().String())
}

// decl returns the declaration of obj (with methods for types).
func (g *gen) decl(obj types.Object) (text string, deps []*types.TypeName, imps map[string]bool) {
	p := &printer{g: g, cur: obj.Pkg(), imps: map[string]bool{}}
	defer func() {
		if r := recover(); r != nil {
			s, ok := r.(skip)
			if !ok {
				panic(r)
			}
			text, deps, imps = fmt.Sprintf("// %s: left out (%s)\n", obj.Name(), s.why), nil, nil
		}
	}()
	var b strings.Builder
	switch o := obj.(type) {
	case *types.Const:
		t := ""
		if bt, ok := o.Type().(*types.Basic); !ok || bt.Info()&types.IsUntyped == 0 {
			t = " " + p.typ(o.Type())
		} else if bt.Info()&types.IsComplex != 0 {
			p.fail("uses complex numbers")
		}
		fmt.Fprintf(&b, "const %s%s = %s\n", o.Name(), t, constValue(o.Val()))
	case *types.Var:
		fmt.Fprintf(&b, "var %s %s\n", o.Name(), p.typ(o.Type()))
	case *types.Func:
		fmt.Fprintf(&b, "func %s%s\n", o.Name(), p.sig(o.Type().(*types.Signature)))
	case *types.TypeName:
		if o.IsAlias() {
			fmt.Fprintf(&b, "type %s = %s\n", o.Name(), p.typ(o.Type()))
			break
		}
		n := o.Type().(*types.Named)
		if n.TypeParams().Len() > 0 {
			p.fail("generic")
		}
		under := n.Underlying()
		if lay, ok := gortLayout[o.Pkg().Path()+"."+o.Name()]; ok {
			fmt.Fprintf(&b, "type %s %s\n", o.Name(), lay)
		} else if st, ok := under.(*types.Struct); ok && keepFields[o.Pkg().Path()+"."+o.Name()] {
			fmt.Fprintf(&b, "type %s %s\n", o.Name(), p.strctAll(st))
		} else {
			fmt.Fprintf(&b, "type %s %s\n", o.Name(), p.typ(under))
		}
		b.WriteString(g.methods(p, n))
	}
	return b.String(), p.deps, p.imps
}

// methods declares n's exported methods, and those promoted through
// embedded fields that the struct printer leaves out.
func (g *gen) methods(p *printer, n *types.Named) string {
	var b strings.Builder
	st, _ := n.Underlying().(*types.Struct)
	if _, isIface := n.Underlying().(*types.Interface); isIface {
		return ""
	}
	valueSet := types.NewMethodSet(n)
	ptrSet := types.NewMethodSet(types.NewPointer(n))
	var sels []*types.Selection
	for i := 0; i < ptrSet.Len(); i++ {
		sels = append(sels, ptrSet.At(i))
	}
	sort.Slice(sels, func(i, j int) bool { return sels[i].Obj().Name() < sels[j].Obj().Name() })
	for _, sel := range sels {
		m := sel.Obj().(*types.Func)
		if !m.Exported() {
			continue
		}
		if idx := sel.Index(); len(idx) > 1 && st != nil && st.Field(idx[0]).Exported() {
			continue // promoted through a field that is declared
		}
		sig := m.Type().(*types.Signature)
		recvName := "x"
		if sig.Recv() != nil && sig.Recv().Name() != "" && sig.Recv().Name() != "_" {
			recvName = sig.Recv().Name()
		}
		recv := n.Obj().Name()
		if valueSet.Lookup(m.Pkg(), m.Name()) == nil {
			recv = "*" + recv
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					s, ok := r.(skip)
					if !ok {
						panic(r)
					}
					fmt.Fprintf(&b, "// (%s).%s: left out (%s)\n", recv, m.Name(), s.why)
				}
			}()
			fmt.Fprintf(&b, "func (%s %s) %s%s\n", recvName, recv, m.Name(), p.sig(sig))
		}()
	}
	return b.String()
}

func (g *gen) state(path string) *pkgState {
	if s := g.pkgs[path]; s != nil {
		return s
	}
	pkg, err := g.imp.Import(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	s := &pkgState{pkg: pkg, need: map[string]bool{}}
	g.pkgs[path] = s
	g.decls[path] = map[string]string{}
	g.imps[path] = map[string]bool{}
	g.deps[path] = map[string][]*types.TypeName{}
	return s
}

func (g *gen) want(path, name string) {
	s := g.state(path)
	if !s.need[name] {
		s.need[name] = true
		s.queue = append(s.queue, name)
	}
}

func main() {
	os.Setenv("GOOS", "linux")
	os.Setenv("GOARCH", "amd64")
	os.Setenv("CGO_ENABLED", "0")
	fset := token.NewFileSet()
	g := &gen{imp: importer.ForCompiler(fset, "source", nil), pkgs: map[string]*pkgState{},
		decls: map[string]map[string]string{}, imps: map[string]map[string]bool{},
		deps: map[string]map[string][]*types.TypeName{}}
	for _, r := range roots {
		s := g.state(r)
		s.root = true
		for _, name := range s.pkg.Scope().Names() {
			if token.IsExported(name) {
				g.want(r, name)
			}
		}
	}
	for progress := true; progress; {
		progress = false
		for path, s := range g.pkgs {
			for len(s.queue) > 0 {
				name := s.queue[0]
				s.queue = s.queue[1:]
				progress = true
				text, deps, imps := g.decl(s.pkg.Scope().Lookup(name))
				g.decls[path][name] = text
				g.deps[path][name] = deps
				for p := range imps {
					g.imps[path][p] = true
				}
				for _, d := range deps {
					g.want(d.Pkg().Path(), d.Name())
				}
			}
		}
	}
	// A declaration that references a left-out one is left out too.
	for changed := true; changed; {
		changed = false
		for path, m := range g.deps {
			for name, deps := range m {
				if strings.HasPrefix(g.decls[path][name], "//") {
					continue
				}
				for _, d := range deps {
					if strings.HasPrefix(g.decls[d.Pkg().Path()][d.Name()], "//") {
						g.decls[path][name] = fmt.Sprintf("// %s: left out (uses %s, which is left out)\n", name, d.Name())
						changed = true
						break
					}
				}
			}
		}
	}
	for path, s := range g.pkgs {
		write(path, s, g.decls[path], g.imps[path])
	}
	// The output must type-check on its own: every name it uses is declared.
	chk := &selfImporter{fset: token.NewFileSet(), done: map[string]*types.Package{}}
	for path := range g.pkgs {
		if _, err := chk.Import(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

// selfImporter type-checks the generated stdlib/ files, importing from them.
type selfImporter struct {
	fset *token.FileSet
	done map[string]*types.Package
}

func (si *selfImporter) Import(path string) (*types.Package, error) {
	if p := si.done[path]; p != nil {
		return p, nil
	}
	dir := filepath.Join("stdlib", filepath.FromSlash(path))
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no generated package %s", path)
	}
	var asts []*ast.File
	for _, f := range files {
		a, err := parser.ParseFile(si.fset, f, nil, 0)
		if err != nil {
			return nil, err
		}
		asts = append(asts, a)
	}
	conf := types.Config{Importer: si}
	p, err := conf.Check(path, si.fset, asts, nil)
	if err != nil {
		return nil, fmt.Errorf("generated %s does not type-check: %v", path, err)
	}
	si.done[path] = p
	return p, nil
}

func write(path string, s *pkgState, decls map[string]string, imps map[string]bool) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by scripts/gen-stdlib-decls.go from Go 1.19's %s; DO NOT EDIT.\n\n", path)
	if s.root {
		fmt.Fprintf(&b, "// The API of package %s, declarations without bodies: what gort's type\n// checker needs to check scripts that import it (docs/stdlib.md).\n", path)
	} else {
		fmt.Fprintf(&b, "// The part of package %s that other stdlib APIs reference, declarations\n// without bodies (docs/stdlib.md).\n", path)
	}
	fmt.Fprintf(&b, "package %s\n\n", s.pkg.Name())
	if len(imps) > 0 {
		var ps []string
		for p := range imps {
			ps = append(ps, p)
		}
		sort.Strings(ps)
		b.WriteString("import (\n")
		for _, p := range ps {
			fmt.Fprintf(&b, "\t%q\n", p)
		}
		b.WriteString(")\n\n")
	}
	var names []string
	for n := range decls {
		names = append(names, n)
	}
	sort.Strings(names)
	group := func(title string, keep func(types.Object) bool) {
		first := true
		for _, n := range names {
			if !keep(s.pkg.Scope().Lookup(n)) {
				continue
			}
			if first {
				fmt.Fprintf(&b, "// %s\n\n", title)
				first = false
			}
			b.WriteString(decls[n])
			b.WriteString("\n")
		}
	}
	group("Constants", func(o types.Object) bool { _, ok := o.(*types.Const); return ok })
	group("Variables", func(o types.Object) bool { _, ok := o.(*types.Var); return ok })
	group("Functions", func(o types.Object) bool { _, ok := o.(*types.Func); return ok })
	group("Types", func(o types.Object) bool { _, ok := o.(*types.TypeName); return ok })
	if x, ok := gortExtra[path]; ok {
		b.WriteString("// The runtime's layout (gortLayout)\n\n")
		b.WriteString(x)
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n%s", path, err, b.String())
		os.Exit(1)
	}
	dir := filepath.Join("stdlib", filepath.FromSlash(path))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		panic(err)
	}
	file := filepath.Join(dir, s.pkg.Name()+".go")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		panic(err)
	}
}
