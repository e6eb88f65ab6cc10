package store

import "example.com/shop/internal/model"

type Store struct {
	items []model.Item
}

func New() *Store {
	return &Store{}
}
