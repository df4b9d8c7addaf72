// Command constant_oracle prints the expected results of
// tests/unit/vm_test_constant.c, computed by Go 1.19's go/constant and the
// representability rules of its type checker (types2: representableConst,
// roundFloat32/64, the truncated/overflows rule). Its output is pasted into
// the test (vm_constant_cases.h); rerun it after changing the case lists:
//
//	/usr/lib/go-1.19/bin/go run ./tests/unit/go/constant_oracle > tests/unit/vm_constant_cases.h
package main

import (
	"fmt"
	"go/constant"
	"go/token"
	"math"
	"strconv"
	"strings"
)

type lit struct {
	kind string // INT FLOAT CHAR STRING
	text string
}

func I(s string) lit { return lit{"INT", s} }
func F(s string) lit { return lit{"FLOAT", s} }
func C(s string) lit { return lit{"CHAR", s} }
func S(s string) lit { return lit{"STRING", s} }

func (l lit) value() constant.Value {
	tok := map[string]token.Token{"INT": token.INT, "FLOAT": token.FLOAT, "CHAR": token.CHAR, "STRING": token.STRING}[l.kind]
	return constant.MakeFromLiteral(l.text, tok, 0)
}

func cstr(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "\\%03o", c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

var binops = map[string]token.Token{
	"+": token.ADD, "-": token.SUB, "*": token.MUL, "/": token.QUO, "quo": token.QUO_ASSIGN,
	"%": token.REM, "&": token.AND, "|": token.OR, "^": token.XOR, "&^": token.AND_NOT,
	"==": token.EQL, "!=": token.NEQ, "<": token.LSS, "<=": token.LEQ, ">": token.GTR, ">=": token.GEQ,
}

type bin struct {
	x  lit
	op string
	y  lit
}

var bins = []bin{
	{I("1"), "+", I("2")},
	{I("9223372036854775807"), "+", I("1")},
	{I("-9223372036854775808"), "-", I("1")},
	{I("-9223372036854775808"), "quo", I("-1")},
	{I("-9223372036854775808"), "%", I("-1")},
	{I("4294967296"), "*", I("4294967296")},
	{I("123456789012345678901234567890"), "*", I("987654321098765432109876543210")},
	{I("7"), "/", I("2")},
	{I("8"), "/", I("2")},
	{I("7"), "quo", I("2")},
	{I("-7"), "quo", I("2")},
	{I("-7"), "%", I("2")},
	{I("7"), "%", I("-2")},
	{I("0xff"), "&", I("0x0f")},
	{I("0xf0"), "|", I("0x0f")},
	{I("0xff"), "^", I("0x0f")},
	{I("0xff"), "&^", I("0x0f")},
	{I("-1"), "&^", I("0xff")},
	{I("-100000000000000000000"), "&", I("0xffffffffffffffffffff")},
	{I("-100000000000000000000"), "|", I("12345")},
	{I("-100000000000000000000"), "^", I("-5")},
	{F("0.1"), "+", F("0.2")},
	{F("1.5"), "*", I("2")},
	{I("1"), "/", I("3")},
	{F("1.0"), "/", I("3")},
	{F("1e300"), "*", F("1e300")},
	{F("1e-300"), "*", F("1e-300")},
	{F("1e1000"), "*", F("1e1000")},
	{F("1e1000"), "/", F("3")},
	{F("1e1000"), "+", F("1")},
	{F("1e1000"), "-", F("1e1000")},
	{F("1e-1000"), "+", F("1")},
	{F("0x1p-1074"), "/", I("2")},
	{F("3.0"), "-", F("3")},
	{S(`"abc"`), "+", S(`"def"`)},
	{S("`raw`"), "+", S(`"\n"`)},
	{I("1"), "==", I("1")},
	{I("1"), "<", F("1.5")},
	{F("0.1"), "==", F("1e-1")},
	{F("1e1000"), ">", F("1e999")},
	{F("-1e1000"), "<", F("1e-1000")},
	{S(`"abc"`), "<", S(`"abd"`)},
	{S(`"ab"`), "<", S(`"abc"`)},
	{S(`"b"`), ">=", S(`"abc"`)},
	{C(`'a'`), "+", I("1")},
}

type un struct {
	op   string
	x    lit
	prec uint
}

var uns = []un{
	{"-", I("5"), 0},
	{"-", I("-9223372036854775808"), 0},
	{"-", F("1.5"), 0},
	{"-", F("1e1000"), 0},
	{"+", F("2.5"), 0},
	{"^", I("0"), 0},
	{"^", I("5"), 0},
	{"^", I("0"), 8},
	{"^", I("1"), 8},
	{"^", I("0"), 64},
	{"^", I("5"), 32},
	{"^", I("-100000000000000000000"), 0},
}

type sh struct {
	x  lit
	op string
	s  uint
}

var shs = []sh{
	{I("1"), "<<", 10},
	{I("1"), "<<", 62},
	{I("1"), "<<", 63},
	{I("1"), "<<", 100},
	{I("-1"), "<<", 64},
	{I("1"), "<<", 1074},
	{I("-7"), ">>", 1},
	{I("-1"), ">>", 100},
	{I("7"), ">>", 70},
	{I("1267650600228229401496703205376"), ">>", 98},
	{I("-1267650600228229401496703205377"), ">>", 98},
}

type typ struct {
	name           string
	integer, float bool
	unsigned       bool
	bits           uint
}

var types = map[string]typ{
	"int8": {"int8", true, false, false, 8}, "int16": {"int16", true, false, false, 16},
	"int32": {"int32", true, false, false, 32}, "int64": {"int64", true, false, false, 64},
	"int": {"int", true, false, false, 64}, "uint": {"uint", true, false, true, 64},
	"uint8": {"uint8", true, false, true, 8}, "uint16": {"uint16", true, false, true, 16},
	"uint32": {"uint32", true, false, true, 32}, "uint64": {"uint64", true, false, true, 64},
	"uintptr": {"uintptr", true, false, true, 64},
	"float32": {"float32", false, true, false, 32}, "float64": {"float64", false, true, false, 64},
	"untyped int": {"untyped int", true, false, false, 0}, "untyped rune": {"untyped rune", true, false, false, 0},
	"untyped float": {"untyped float", false, true, false, 0},
	"string": {"string", false, false, false, 0}, "untyped string": {"untyped string", false, false, false, 0},
	"bool": {"bool", false, false, false, 0},
}

// representable follows types2.representableConst for gort's basic types.
func representable(x constant.Value, t typ, rounded *constant.Value) bool {
	switch {
	case t.integer:
		x := constant.ToInt(x)
		if x.Kind() != constant.Int {
			return false
		}
		*rounded = x
		if t.bits == 0 {
			return true
		}
		n := constant.BitLen(x)
		if t.unsigned {
			return constant.Sign(x) >= 0 && n <= int(t.bits)
		}
		if v, ok := constant.Int64Val(x); ok {
			return t.bits == 64 || (-1<<(t.bits-1) <= v && v <= 1<<(t.bits-1)-1)
		}
		return false
	case t.float:
		x := constant.ToFloat(x)
		if x.Kind() != constant.Float {
			return false
		}
		switch t.bits {
		case 32:
			f32, _ := constant.Float32Val(x)
			f := float64(f32)
			if !math.IsInf(f, 0) {
				*rounded = constant.MakeFloat64(f)
				return true
			}
		case 64:
			f, _ := constant.Float64Val(x)
			if !math.IsInf(f, 0) {
				*rounded = constant.MakeFloat64(f)
				return true
			}
		default:
			return true
		}
	case t.name == "string" || t.name == "untyped string":
		return x.Kind() == constant.String
	case t.name == "bool":
		return x.Kind() == constant.Bool
	}
	return false
}

func repr(x constant.Value, from, to typ) (string, constant.Value) {
	v := x
	if representable(x, to, &v) {
		return "OK", v
	}
	num := func(t typ) bool { return t.integer || t.float }
	if num(from) && num(to) {
		if !from.integer && to.integer {
			return "TRUNCATED", v
		}
		return "OVERFLOWS", v
	}
	return "INVALID", v
}

type rep struct {
	x        lit
	from, to string
}

var reps = []rep{
	{I("127"), "untyped int", "int8"}, {I("128"), "untyped int", "int8"},
	{I("-128"), "untyped int", "int8"}, {I("-129"), "untyped int", "int8"},
	{I("255"), "untyped int", "uint8"}, {I("256"), "untyped int", "uint8"}, {I("-1"), "untyped int", "uint8"},
	{I("32767"), "untyped int", "int16"}, {I("32768"), "untyped int", "int16"}, {I("65536"), "untyped int", "uint16"},
	{I("2147483647"), "untyped int", "int32"}, {I("-2147483649"), "untyped int", "int32"},
	{I("4294967295"), "untyped int", "uint32"}, {I("4294967296"), "untyped int", "uint32"},
	{I("9223372036854775807"), "untyped int", "int64"}, {I("9223372036854775808"), "untyped int", "int64"},
	{I("-9223372036854775808"), "untyped int", "int"}, {I("-9223372036854775809"), "untyped int", "int"},
	{I("18446744073709551615"), "untyped int", "uint64"}, {I("18446744073709551616"), "untyped int", "uint"},
	{I("18446744073709551615"), "untyped int", "uintptr"}, {I("-1"), "untyped int", "uintptr"},
	{I("123456789012345678901234567890"), "untyped int", "int64"},
	{F("1e100"), "untyped float", "int"}, {F("1.5"), "untyped float", "int8"}, {F("2.0"), "untyped float", "int8"},
	{F("1e2"), "untyped float", "uint8"}, {F("1e3"), "untyped float", "uint8"},
	{F("1e1000"), "untyped float", "int"}, {F("1e1000"), "untyped float", "untyped int"},
	{I("1"), "untyped int", "float64"}, {F("0.1"), "untyped float", "float32"}, {F("0.1"), "untyped float", "float64"},
	{F("1e100"), "untyped float", "float32"}, {F("1e100"), "untyped float", "float64"},
	{F("1e309"), "untyped float", "float64"}, {F("1.7976931348623157e308"), "untyped float", "float64"},
	{F("1.797693134862315799e308"), "untyped float", "float64"}, {F("1.7976931348623159e308"), "untyped float", "float64"},
	{F("3.4028235e38"), "untyped float", "float32"}, {F("3.4028236e38"), "untyped float", "float32"},
	{F("3.40282357e38"), "untyped float", "float32"},
	{F("1e-50"), "untyped float", "float32"}, {F("1e-400"), "untyped float", "float64"},
	{F("4.9e-324"), "untyped float", "float64"}, {F("2e-324"), "untyped float", "float64"},
	{F("3e-324"), "untyped float", "float64"}, {F("1e-45"), "untyped float", "float32"},
	{I("16777217"), "untyped int", "float32"}, {I("9007199254740993"), "untyped int", "float64"},
	{F("0.5"), "untyped float", "untyped float"}, {I("5"), "untyped int", "untyped float"},
	{S(`"x"`), "untyped string", "int"}, {S(`"x"`), "untyped string", "string"}, {I("1"), "untyped int", "string"},
	{C(`'a'`), "untyped rune", "int32"}, {C(`'\U0010FFFF'`), "untyped rune", "uint16"},
	{F("1e100"), "float64", "int64"}, {I("300"), "int", "uint8"},
}

type conv struct {
	x    lit
	from string
}

var convs = []conv{
	{I("65"), "untyped int"}, {I("0x4e16"), "untyped int"}, {I("-1"), "untyped int"},
	{I("0xD800"), "untyped int"}, {I("0x10FFFF"), "untyped int"}, {I("0x110000"), "untyped int"},
	{I("100000000000000000000"), "untyped int"}, {C(`'\x80'`), "untyped rune"},
}

var strs = []lit{
	I("0"), I("-12345678901234567890123"), I("0x_FF"), I("0o17"), I("017"), I("0b1011"), I("1_000_000"),
	F("0.1"), F("1.0"), F("1e100"), F("1.2345678901e100"), F("123456.7"), F("1234567.0"), F("0.0001"),
	F("0.00001"), F("1e21"), F("1e1000"), F("-1.5e-1000"), F("1e-400"), F("1e400"), F("0x1p-2"), F("0x1.8p1"),
	F("0x.8p0"), F("1e9999999"), F(".5"), F("1_0.2_5"), F("0."), F("1e+5"), F("1E-5"), F("0x1P+3"),
	F("3.14159265358979323846264338327950288419716939937510582097494459"),
	C(`'a'`), C(`'\n'`), C(`'\x41'`), C(`'\u00e9'`), C(`'\U0001F600'`), C(`'\377'`), C(`'\''`), C(`'é'`),
	S(`"hello"`), S(`"tab\there"`), S(`"\x00\x01\x7f"`), S(`"\xff\xfe"`), S(`"é\u00e9\U0001F600"`),
	S(`"\a\b\f\v\\\""`), S("`a\\nb`"), S("`a\r\nb`"), S(`"\u00a0\u2028\u200b\ufeff"`), S(`"\377"`),
	S(`"0123456789012345678901234567890123456789012345678901234567890123456789"`),
	S(`"01234567890123456789012345678901234567890123456789012345678901234567890"`),
	S(`"012345678901234567890123456789012345678901234567890123456789012345678901"`),
	S(`"ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé"`),
	S(`"\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"`),
}

func str(v constant.Value) string {
	if v.Kind() == constant.Unknown {
		return "unknown"
	}
	return v.String()
}

func main() {
	fmt.Println("/* Generated by tests/unit/go/constant_oracle (Go 1.19's go/constant). Do not edit. */")
	fmt.Println("static const struct lit_case lit_cases[] = {")
	for _, l := range strs {
		v := l.value()
		ex := "NULL"
		if v.Kind() != constant.Unknown {
			ex = cstr(v.ExactString())
		}
		fmt.Printf("    {GCONST_LIT_%s, %s, %s, %s},\n", l.kind, cstr(l.text), cstr(str(v)), ex)
	}
	fmt.Println("};")

	fmt.Println("static const struct bin_case bin_cases[] = {")
	for _, b := range bins {
		x, y := b.x.value(), b.y.value()
		var res string
		switch b.op {
		case "==", "!=", "<", "<=", ">", ">=":
			res = strconv.FormatBool(constant.Compare(x, binops[b.op], y))
		default:
			res = str(constant.BinaryOp(x, binops[b.op], y))
		}
		fmt.Printf("    {GCONST_LIT_%s, %s, %s, GCONST_LIT_%s, %s, %s},\n", b.x.kind, cstr(b.x.text), cstr(b.op), b.y.kind, cstr(b.y.text), cstr(res))
	}
	fmt.Println("};")

	fmt.Println("static const struct un_case un_cases[] = {")
	for _, u := range uns {
		tok := map[string]token.Token{"-": token.SUB, "+": token.ADD, "^": token.XOR}[u.op]
		fmt.Printf("    {%s, GCONST_LIT_%s, %s, %d, %s},\n", cstr(u.op), u.x.kind, cstr(u.x.text), u.prec, cstr(str(constant.UnaryOp(tok, u.x.value(), u.prec))))
	}
	fmt.Println("};")

	fmt.Println("static const struct shift_case shift_cases[] = {")
	for _, s := range shs {
		tok := map[string]token.Token{"<<": token.SHL, ">>": token.SHR}[s.op]
		v := constant.Shift(s.x.value(), tok, s.s)
		fmt.Printf("    {GCONST_LIT_%s, %s, %s, %d, %s, %d},\n", s.x.kind, cstr(s.x.text), cstr(s.op), s.s, cstr(str(v)), constant.BitLen(v))
	}
	fmt.Println("};")

	fmt.Println("static const struct repr_case repr_cases[] = {")
	for _, r := range reps {
		st, v := repr(r.x.value(), types[r.from], types[r.to])
		fmt.Printf("    {GCONST_LIT_%s, %s, %s, %s, GCONST_REPR_%s, %s},\n", r.x.kind, cstr(r.x.text), cstr(r.from), cstr(r.to), st, cstr(str(v)))
	}
	fmt.Println("};")

	fmt.Println("static const struct conv_case conv_cases[] = {")
	for _, c := range convs {
		x := c.x.value()
		codepoint := '\uFFFD'
		if i, ok := constant.Uint64Val(x); ok && i <= 0x10FFFF {
			codepoint = rune(i)
		}
		fmt.Printf("    {GCONST_LIT_%s, %s, %s, %s},\n", c.x.kind, cstr(c.x.text), cstr(c.from), cstr(constant.MakeString(string(codepoint)).String()))
	}
	fmt.Println("};")

	// Machine values for the code generator.
	fmt.Println("static const struct f64_case f64_cases[] = {")
	for _, l := range []lit{F("0.1"), F("1e308"), F("1e309"), F("1e-320"), F("1e-330"), F("1e1000"), I("9007199254740993"), F("2.5"), F("1.0000000000000002220446049250313080847263336181640625"), F("0x1.fffffffffffff8p1023"), F("1e-1000")} {
		v := l.value()
		f, ex := constant.Float64Val(v)
		f32, ex32 := constant.Float32Val(v)
		fmt.Printf("    {GCONST_LIT_%s, %s, 0x%016xull, %v, 0x%08xu, %v},\n", l.kind, cstr(l.text), math.Float64bits(f), ex, math.Float32bits(f32), ex32)
	}
	fmt.Println("};")
}
