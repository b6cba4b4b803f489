package coopmedia

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// No more than MaxDecoding uploads are decoded at once; one whose request
// ends while it waits is a 503, and its decoding never runs.
func TestDecodingPlaces(t *testing.T) {
	s := New(nil, nil, nil)
	for range MaxDecoding {
		s.decoding <- struct{}{} // every place taken
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	ran := false
	_, err := decode(ctx, s, func() (int, error) { ran = true; return 1, nil })
	if fe, ok := fault.As(err); !ok || fe.Kind != fault.Unavailable || !errors.Is(err, context.DeadlineExceeded) || ran {
		t.Fatalf("with no place free: %v (ran %v), want a 503", err, ran)
	}
	<-s.decoding // one place frees
	n, err := decode(context.Background(), s, func() (int, error) { return 7, nil })
	if err != nil || n != 7 {
		t.Fatalf("with a place free: %d, %v", n, err)
	}
	if len(s.decoding) != MaxDecoding-1 {
		t.Fatalf("%d places held after the decoding, want %d", len(s.decoding), MaxDecoding-1)
	}
}
