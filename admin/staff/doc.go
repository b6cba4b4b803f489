// Package staff serves the trade-promotion staff's pages under /xuc-tien:
// one file per resource, each acting within the staff member's province
// when they belong to one.
package staff
