// The compiled-Go twin of bench_vm_conc: the same scripts
// (tests/bench/vm/{pingpong,spawn,parallel}.go, listed in ./scripts and
// copied with main renamed by scripts/bench). Each times its own work and
// prints its BENCH rows.
package main

func main() {
	main_pingpong()
	main_spawn()
	main_parallel()
}
