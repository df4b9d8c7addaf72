// Type switch cases that are interfaces, with fallthrough-free ordering and a shared variable.
package main

type Stringer interface{ String() string }
type Num int

func (n Num) String() string { return "num" }

type Err struct{}

func (Err) Error() string { return "err" }

func classify(x interface{}) string {
	switch v := x.(type) {
	case error:
		return "error " + v.Error()
	case Stringer:
		return "stringer " + v.String()
	case int, string:
		_ = v
		return "basic"
	}
	return "unknown"
}

func main() {
	println(classify(Num(1)))
	println(classify(Err{}))
	println(classify(3))
	println(classify("s"))
	println(classify(2.5))
	var s Stringer
	println(classify(s))
}

// Output:
// stringer num
// error err
// basic
// basic
// unknown
// unknown
