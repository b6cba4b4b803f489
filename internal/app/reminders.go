package app

import (
	"context"
	"time"
)

// remindExpiring queues the reminders of OCOP certificates about to
// expire, at start and then every interval, until ctx ends.
func (a *App) remindExpiring(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := a.Catalog.QueueExpiryReminders(ctx)
		if err != nil && ctx.Err() == nil {
			a.Log.Error("ocop: queue expiry reminders", "err", err)
		}
		if n > 0 {
			a.Log.Info("ocop: queued expiry reminders", "certificates", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
