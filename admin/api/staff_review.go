package api

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// StaffReview serves trade-promotion staff the queues they decide on: the
// cooperatives' applications (approve, request changes, reject, suspend,
// reinstate) and the OCOP claims (verify, reject). A province's staff see
// and decide on their province's cooperatives only; another's is a 404.
type StaffReview struct {
	onboard *onboard.Service
	catalog *catalog.Store
}

// NewStaffReview returns the staff's review API.
func NewStaffReview(o *onboard.Service, cat *catalog.Store) *StaffReview {
	return &StaffReview{onboard: o, catalog: cat}
}

// reviewPerPage is the default page size of the review queues.
const reviewPerPage = 30

// reviewID reads the :id of a review route; anything but a positive
// integer is a 404 of what.
func reviewID(c *fiber.Ctx, what string) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, web.NotFound(what)
	}
	return id, nil
}

// reasonBody is the body of the decisions that give a reason or message.
type reasonBody struct {
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// Cooperatives answers GET /api/v1/staff/cooperatives?status=: the
// cooperatives of the status (pending by default) within the staff
// member's scope.
func (h *StaffReview) Cooperatives(c *fiber.Ctx) error {
	q := web.NewListQuery(c)
	status := q.OneOf("status", catalog.CoopPending, onboard.ReviewStatuses())
	page, perPage := q.Page(reviewPerPage)
	if err := q.Err(); err != nil {
		return err
	}
	items, total, err := h.onboard.Applications(c.UserContext(), panel.StaffProvince(c), status, page, perPage)
	if err != nil {
		return err
	}
	return c.JSON(web.ListPage[onboard.Reviewed]{Items: items, Total: total, Page: page, PerPage: perPage})
}

// Cooperative answers GET /api/v1/staff/cooperatives/{id}.
func (h *StaffReview) Cooperative(c *fiber.Ctx) error {
	id, err := reviewID(c, "cooperative")
	if err != nil {
		return err
	}
	a, err := h.onboard.Application(c.UserContext(), panel.StaffProvince(c), id)
	if err != nil {
		return err
	}
	return c.JSON(a)
}

// Decide answers POST /api/v1/staff/cooperatives/{id}/{action} for the
// action named when routing: approve, request-changes {message}, reject
// {reason}, suspend {reason} or reinstate.
func (h *StaffReview) Decide(action string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := reviewID(c, "cooperative")
		if err != nil {
			return err
		}
		var in reasonBody
		if action != "approve" && action != "reinstate" {
			if err := decode(c, &in); err != nil {
				return err
			}
		}
		ctx, u, province := c.UserContext(), panel.User(c), panel.StaffProvince(c)
		var out *onboard.Reviewed
		switch action {
		case "approve":
			out, err = h.onboard.Approve(ctx, u, province, id)
		case "request-changes":
			out, err = h.onboard.ReviewChanges(ctx, u, province, id, in.Message)
		case "reject":
			out, err = h.onboard.Reject(ctx, u, province, id, in.Reason)
		case "suspend":
			out, err = h.onboard.Suspend(ctx, u, province, id, in.Reason)
		default:
			out, err = h.onboard.Reinstate(ctx, u, province, id)
		}
		if err != nil {
			return err
		}
		return c.JSON(out)
	}
}

// Claims answers GET /api/v1/staff/ocop?status=: the OCOP claims of the
// status (pending by default) within the staff member's scope.
func (h *StaffReview) Claims(c *fiber.Ctx) error {
	q := web.NewListQuery(c)
	status := q.OneOf("status", catalog.CertPending, catalog.QueueStatuses())
	page, perPage := q.Page(reviewPerPage)
	if err := q.Err(); err != nil {
		return err
	}
	items, total, err := h.catalog.ClaimQueue(c.UserContext(), panel.StaffProvince(c), status, page, perPage)
	if err != nil {
		return err
	}
	return c.JSON(web.ListPage[catalog.StaffClaim]{Items: items, Total: total, Page: page, PerPage: perPage})
}

// Claim answers GET /api/v1/staff/ocop/{id}.
func (h *StaffReview) Claim(c *fiber.Ctx) error {
	id, err := reviewID(c, "ocop_claim")
	if err != nil {
		return err
	}
	cl, err := h.catalog.StaffClaim(c.UserContext(), panel.StaffProvince(c), id)
	if err != nil {
		return panel.NotFoundAs(err, "ocop_claim")
	}
	return c.JSON(cl)
}

// ReviewClaim answers POST /api/v1/staff/ocop/{id}/verify (verify) and
// …/reject {reason}.
func (h *StaffReview) ReviewClaim(verify bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := reviewID(c, "ocop_claim")
		if err != nil {
			return err
		}
		var in reasonBody
		if !verify {
			if err := decode(c, &in); err != nil {
				return err
			}
		}
		out, err := h.onboard.ReviewClaim(c.UserContext(), panel.User(c), panel.StaffProvince(c), id, verify, in.Reason)
		if err != nil {
			return panel.NotFoundAs(err, "ocop_claim")
		}
		return c.JSON(out)
	}
}
