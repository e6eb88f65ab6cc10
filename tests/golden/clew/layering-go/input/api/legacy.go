package api

import "../internal/model"

func Legacy() model.Item {
	return model.Item{}
}
