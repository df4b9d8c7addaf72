// table: builds a text table with strings.Builder and fmt, the way a
// report generator would.
//
//	gort run examples/go/table.go
package main

import (
	"fmt"
	"strings"
)

type row struct {
	name  string
	qty   int
	price float64
}

func (r row) total() float64 { return float64(r.qty) * r.price }

func render(rows []row) string {
	var b strings.Builder
	line := strings.Repeat("-", 34)
	b.WriteString(fmt.Sprintf("%-12s %5s %7s %7s\n", "item", "qty", "price", "total"))
	b.WriteString(line)
	b.WriteByte('\n')
	sum := 0.0
	for _, r := range rows {
		b.WriteString(fmt.Sprintf("%-12s %5d %7.2f %7.2f\n", r.name, r.qty, r.price, r.total()))
		sum += r.total()
	}
	b.WriteString(line)
	b.WriteRune('\n')
	b.WriteString(fmt.Sprintf("%-12s %21.2f\n", "sum", sum))
	return b.String()
}

func main() {
	rows := []row{{"apples", 3, 0.5}, {"bread", 1, 2.25}, {"coffee", 2, 7.99}}
	fmt.Print(render(rows))
}
