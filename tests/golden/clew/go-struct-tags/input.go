package api

type Request struct {
	ID       string            `json:"id"`
	Name     string            `json:"name,omitempty"`
	When     time.Time         `json:"when,omitzero"`
	Secret   string            `json:"-"`
	Dash     string            `json:"-,"`
	Default  int               `json:",omitempty"`
	Labels   map[string]string `yaml:"labels" json:"labels,string,omitempty" db:"l"`
	NoJSON   bool              `xml:"no_json"`
	Quoted   int               "json:\"quoted\""
	Weird    int               `json:"we\"ird"`
	A, B     int               `json:"ab"`
	Bad      int               `json: "spaced"`
	Embedded `json:"embedded"`
	Plain    int
}
