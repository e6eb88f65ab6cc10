package model

type Item struct {
	SKU string
}
