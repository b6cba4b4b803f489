package web

import (
	"maps"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
)

// Form is what a form page shows besides its fields: the messages per
// field and one above the form.
type Form struct {
	Errors map[string]string // field → what to fix, translated
	Notice string            // a message above the form, translated
	Done   string            // a success message, translated
}

// FormProblem turns the coded error of a form's action into the status and
// translated messages of the form shown again, and sets Retry-After when
// the error has one; ok is false for errors that are not the user's to fix
// (not found, forbidden, a backend down), which become error pages.
func FormProblem(c *fiber.Ctx, msgs *i18n.Catalog, err error) (status int, f Form, ok bool) {
	fe, ok := fault.As(err)
	if !ok {
		return 0, f, false
	}
	switch fe.Kind {
	case fault.NotFound, fault.Forbidden, fault.Upstream:
		return 0, f, false
	}
	lang := msgs.Lang(c)
	e := Explain(msgs, lang, err)
	SetRetryAfter(c, e.RetryAfter)
	f.Errors = map[string]string{}
	maps.Copy(f.Errors, e.Fields)
	f.Notice = e.Message
	if len(f.Errors) > 0 {
		if fix, err := msgs.Translate(lang, "form.err.fix", nil); err == nil {
			f.Notice = fix
		}
	}
	return e.Status, f, true
}
