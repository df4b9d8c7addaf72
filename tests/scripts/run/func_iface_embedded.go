// Embedded interfaces and conversions between interfaces.
package main

type Reader interface{ Read() string }
type Writer interface{ Write(s string) int }
type ReadWriter interface {
	Reader
	Writer
}

type File string

func (f File) Read() string        { return "read " + string(f) }
func (f File) Write(s string) int { return len(s) }

func main() {
	var rw ReadWriter = File("a.txt")
	var r Reader = rw
	println(r.Read(), rw.Write("hello"))
	w, ok := r.(Writer)
	println(ok, w.Write("xy"))
	var x interface{} = r
	rw2 := x.(ReadWriter)
	println(rw2.Read())
}

// Output:
// read a.txt 5
// true 2
// read a.txt
