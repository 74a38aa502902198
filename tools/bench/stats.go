package main

// Summaries of repeated measurements (median and range) and the
// Markdown tables the benchmark prints.

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// summary is a median with the range it came from.
type summary struct {
	median, min, max float64
	n                int
}

// summarize returns the median, minimum and maximum of xs.
func summarize(xs []float64) summary {
	if len(xs) == 0 {
		return summary{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return summary{median: m, min: s[0], max: s[len(s)-1], n: len(s)}
}

// format writes the summary as "median unit (min–max)" with the given
// number of decimals.
func (s summary) format(unit string, decimals int) string {
	if s.n == 0 {
		return "—"
	}
	f := func(v float64) string { return fmt.Sprintf("%.*f", decimals, v) }
	return fmt.Sprintf("%s%s (%s–%s)", f(s.median), unit, f(s.min), f(s.max))
}

// ratio is a/b as "1.23×", or "—" when b is (near) zero.
func ratio(a, b summary) string {
	if a.n == 0 || b.n == 0 || b.median < 1e-9 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", a.median/b.median)
}

// table is a Markdown table.
type table struct {
	header []string
	rows   [][]string
}

// add appends a row.
func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// write prints the table.
func (t *table) write(w io.Writer) {
	line := func(cells []string) { fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | ")) }
	line(t.header)
	sep := make([]string, len(t.header))
	for i := range sep {
		sep[i] = "---"
	}
	line(sep)
	for _, r := range t.rows {
		line(r)
	}
}
