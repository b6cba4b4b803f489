package main

import (
	"context"
	"errors"
	"io"

	"github.com/ocopmarket/ocopmarket/internal/app"
)

func seedDemo(ctx context.Context, a *app.App, stdout io.Writer) error {
	return errors.New("seed: pending internal/seed")
}

func seedSynthetic(ctx context.Context, a *app.App, n int, stdout io.Writer) error {
	return errors.New("seed: pending internal/seed")
}
