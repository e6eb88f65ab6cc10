package inventory

// Level is a stock level.
type Level string

const (
	Low  Level = "low"
	High Level = "high"
)

// Stock counts items by id, by bin and by level.
type Stock struct {
	ByID    map[int64]string `json:"by_id"`
	ByBin   map[uint16]int   `json:"by_bin,omitempty"`
	ByLevel map[Level]int    `json:"by_level"`
	Labels  map[string]bool  `json:"labels"`
}
