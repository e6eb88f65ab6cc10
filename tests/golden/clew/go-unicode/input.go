package naïve

import "例子.com/模块"

// Ärger beschreibt Ärger — «ein Typ».
type Ärger struct {
	Größe  int    `json:"größe"`
	ñame   string // ñ-Feld
	Имя    string `json:"имя,omitempty"`
}

// Ωmega is exported: Greek capital omega.
func Ωmega(α, β float64) (γ float64) { return α + β }

// Жук is exported: Cyrillic capital zhe.
func Жук() string { return "жук 🐞" }

// éclair is not exported: lower-case e acute.
func éclair() {}

// 世界 is not exported: CJK has no case.
func 世界() string { return "こんにちは" }

// ǅ is a title-case letter, not upper-case: not exported.
func ǅungla() {}

// Ǆ (U+01C4) is upper-case.
func Ǆx() {}

// Bad bytes �� in a doc comment.
func Bytes() string { return "�( invalid �" }

func (ä *Ärger) Métode(ñ int) {}
