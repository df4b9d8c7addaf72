// Golden errors: dot imports. A use of a dot-imported name uses its import
// (fmt and strings here); an unused one is reported, and a package-level
// name may not repeat a dot-imported one.

package main

import (
	. "fmt"
	. "math" // ERROR "imported and not used: .math."
	. "strings"
	"os"     // ERROR "imported and not used: .os."
)

var Index byte // ERROR "Index already declared through dot-import of package strings \(.strings.\)"

const n = os // ERROR "use of package os not in selector"

var _ Builder

func main() {
	Println("hi")
}
