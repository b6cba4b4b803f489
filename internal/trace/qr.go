package trace

import (
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// QR sizes, in pixels: big enough to scan from a small label, small enough
// to answer quickly.
const (
	MinQRSize     = 128
	MaxQRSize     = 1024
	DefaultQRSize = 256
)

// QRCode draws text (a batch's trace URL) as a size × size PNG QR code,
// at the medium error correction level (15%): labels get scuffed.
func QRCode(text string, size int) ([]byte, error) {
	if size < MinQRSize || size > MaxQRSize {
		return nil, fmt.Errorf("trace: QR size %d outside [%d, %d]", size, MinQRSize, MaxQRSize)
	}
	png, err := qrcode.Encode(text, qrcode.Medium, size)
	if err != nil {
		return nil, fmt.Errorf("trace: QR code: %w", err)
	}
	return png, nil
}
