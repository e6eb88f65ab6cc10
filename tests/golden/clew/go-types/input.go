package types

func Builtins(a int, b string, c error, d any, e bool, f rune, g byte, h complex128, i uintptr) {}

func Pointers(p *int, pp **Node, q *pkg.T) {}

func Slices(a []int, b [][]string, c [8]byte, d [0x10]int, e [1_000]bool, f [N]int, g [2 * 3]int, h [0o7]int, i [0b11]int, j [077]int) {}

func Maps(a map[string]int, b map[Key][]*Value, c map[string]map[int]bool) {}

func Channels(a chan int, b <-chan string, c chan<- error, d chan (<-chan int), e chan<- chan int, f chan <-chan <-chan int, g <-chan <-chan int) {}

func Funcs(a func(), b func(int, ...string) error, c func(x, y int) (int, bool), d func() func() int) {}

func Inline(a struct{}, b struct {
	X int `json:"x"`
	Y *struct{ Z []string }
}, c interface{}, d interface{ M() }, e interface {
}) {}

func Misc(a (int), b ((*string)), c pkg.Type, d List[int], e pkg.Map[string, []int], f Pair[*A, map[K]V]) {}
