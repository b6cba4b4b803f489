package onboard

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// claimState is an OCOP claim's state before and after a decision, as the
// audit log records it.
type claimState struct {
	Status string `json:"status"`
	Stars  int    `json:"stars"`
	Reason string `json:"reason,omitempty"`
}

// ReviewClaim verifies (verify) or rejects for reason the OCOP claim id,
// for trade-promotion staff member u of province ("" for everywhere;
// another province's claim is ErrNotFound), in one transaction with its
// audit record and the reindexing of its product, so its stars appear on
// or leave the storefront within seconds. Rejecting needs a reason.
func (s *Service) ReviewClaim(ctx context.Context, u *account.User, province string, id int64, verify bool, reason string) (*catalog.StaffClaim, error) {
	if !verify {
		var f fault.Fields
		reason = checkParagraphs(&f, "reason", reason, MaxDescriptionLen, true)
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	action := "ocop.reject"
	if verify {
		action = "ocop.verify"
	}
	return s.catalog.ReviewCertificate(ctx, id, catalog.Review{Verify: verify, Reason: reason, Province: province,
		Record: func(ctx context.Context, tx *sqlx.Tx, before, after *catalog.StaffClaim) error {
			return s.record(ctx, tx, u, before.Cooperative.ID, action, audit.Subject{Kind: "ocop_certificate", ID: audit.SubjectID(id)},
				claimState{before.Status, before.Stars, before.RejectReason}, claimState{after.Status, after.Stars, after.RejectReason})
		}})
}
