package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/trace"
)

// Trace answers the public traceability records of batches.
type Trace struct {
	trace *trace.Service
}

// NewTrace returns the trace API.
func NewTrace(t *trace.Service) *Trace { return &Trace{trace: t} }

// Show answers GET /api/v1/trace/{code}: the record of the batch whose
// label carries code; an unknown code is a 404.
func (h *Trace) Show(c *fiber.Ctx) error {
	r, err := h.trace.Trace(c.UserContext(), c.Params("code"))
	if err != nil {
		return err
	}
	return c.JSON(r)
}
