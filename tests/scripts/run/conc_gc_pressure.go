// GC pressure across goroutines: workers build linked lists and trees,
// pass them over buffered and unbuffered channels (pointers, strings,
// slices, structs holding pointers) while the collector runs every few
// allocations with checkmark verification on. A missing barrier or an
// unscanned VM frame or go block shows up as a wrong sum or a
// "checkmark found unmarked object".
// Env: GODEBUG=gccheckmark=1,gcstress=97
package main

type node struct {
	val  int
	next *node
}

type tree struct {
	left, right *tree
	label       string
}

type msg struct {
	list *node
	name string
	nums []int
}

func build(n, base int) *node {
	var h *node
	for i := 0; i < n; i++ {
		h = &node{base + i, h}
	}
	return h
}

func mktree(d int) *tree {
	if d == 0 {
		return &tree{label: "leaf"}
	}
	return &tree{mktree(d - 1), mktree(d - 1), "node"}
}

func count(t *tree) int {
	if t == nil {
		return 0
	}
	return 1 + count(t.left) + count(t.right)
}

func worker(id int, jobs chan int, out chan msg) {
	for n := range jobs {
		l := build(n, id*1000)
		nums := make([]int, 0)
		for i := 0; i < n; i++ {
			nums = append(nums, i)
		}
		out <- msg{l, "w" + string(rune('0'+id)), nums}
	}
}

func main() {
	jobs := make(chan int)
	out := make(chan msg, 2)
	for w := 1; w <= 4; w++ {
		go worker(w, jobs, out)
	}
	go func() {
		for i := 0; i < 40; i++ {
			jobs <- 50 + i%7
		}
		close(jobs)
	}()
	total, elems := 0, 0
	for i := 0; i < 40; i++ {
		m := <-out
		for p := m.list; p != nil; p = p.next {
			total += p.val % 1000
		}
		elems += len(m.nums)
		if len(m.name) != 2 {
			println("bad name")
		}
	}
	println("list sum", total, "elements", elems)
	trees := make(chan *tree)
	for i := 0; i < 3; i++ {
		go func(d int) { trees <- mktree(d) }(6 + i)
	}
	n := 0
	for i := 0; i < 3; i++ {
		n += count(<-trees)
	}
	println("tree nodes", n)
}

// Output:
// list sum 54935 elements 2115
// tree nodes 893
