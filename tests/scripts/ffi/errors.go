// Go: differs: gort:extern's errors are gort's own (Go would say "missing function body")
package main

//gort:extern libgort-no-such-library.so cos
func cos(x float64) float64

//gort:extern libm.so.6 no_such_symbol_xyz
func nosym(x float64) float64

//gort:extern no_such_symbol_in_process_xyz
func nosym2()

//gort:extern libm.so.6 cos variadic x
func badopt(x float64) float64

//gort:extern libm.so.6 cos
func badparam(m map[string]int) float64

//gort:extern libm.so.6 cos
func badresult(x float64) (float64, error)

//gort:extern libm.so.6 cos
func govariadic(x ...float64) float64

func nobody(x int) int

func main() {
}

// Output:
// errors.go:4:1: gort:extern: libgort-no-such-library.so: cannot open shared object file: No such file or directory
// errors.go:7:1: gort:extern: libm.so.6: undefined symbol: no_such_symbol_xyz
// errors.go:10:1: gort:extern: undefined symbol: no_such_symbol_in_process_xyz
// errors.go:13:1: gort:extern: variadic wants a count of fixed parameters
// errors.go:17:15: gort:extern: cannot pass map[string]int to C
// errors.go:20:6: gort:extern: C cannot return (float64, error)
// errors.go:23:6: gort:extern: a Go variadic parameter cannot be passed to C (use variadic N)
// errors.go:25:6: missing function body
// Exit: 1
