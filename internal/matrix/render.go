package matrix

import (
	"fmt"
	"slices"
	"strings"
)

// Markers around the generated table in docs/SECURITY.md.
const (
	Begin = "<!-- bad-input-matrix:begin -->"
	End   = "<!-- bad-input-matrix:end -->"
)

// groupOrder is the order of the groups in the document.
var groupOrder = []string{GroupDesign, GroupKeyring, GroupFile, GroupStorage, GroupSettings,
	GroupSteps, GroupTyping, GroupUnicode, GroupSize}

// windowPrefix starts a screens row whose input was taken: what it
// records is the title of the window that came next.
const windowPrefix = "window: "

// Render is the Markdown of the matrix from the rows of every layer
// (keyed by layer). sentence gives the sentence of an error for rows no
// window showed (screens.Message). It fails when the layers disagree on
// a case's group, input or failed try, or name an error it cannot find.
func Render(rows map[string][]Row, sentence func(error) string) (string, error) {
	type joined struct {
		first Row
		by    map[string]Row
	}
	var order []string
	cases := map[string]*joined{}
	for _, layer := range Layers {
		for _, r := range rows[layer] {
			j := cases[r.Case]
			if j == nil {
				j = &joined{first: r, by: map[string]Row{}}
				cases[r.Case] = j
				order = append(order, r.Case)
			}
			f := j.first
			if f.Group != r.Group || f.Input != r.Input || f.FailedTry != r.FailedTry || (r.Error != f.Error && layer != "screens") {
				return "", fmt.Errorf("case %s: the %s row %+v disagrees with %+v", r.Case, layer, r, f)
			}
			j.by[layer] = r
		}
	}
	var b strings.Builder
	b.WriteString(Begin + "\n")
	n := 0
	for _, g := range groupOrder {
		var in []*joined
		for _, c := range order {
			if cases[c].first.Group == g {
				in = append(in, cases[c])
			}
		}
		if len(in) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n#### %s\n\n", g)
		b.WriteString("| Case | Input | What a person sees | Failed try | Error | Nothing lost: what the test checks | Rerun |\n")
		b.WriteString("|---|---|---|---|---|---|---|\n")
		for _, j := range in {
			n++
			r := j.first
			seen, err := sees(j.by, sentence)
			if err != nil {
				return "", fmt.Errorf("case %s: %w", r.Case, err)
			}
			var layers, proofs []string
			for _, l := range Layers {
				if lr, ok := j.by[l]; ok {
					layers = append(layers, "./"+l+"/")
					proofs = append(proofs, "**"+l+"**: "+lr.Proof)
				}
			}
			try := "no"
			if r.FailedTry {
				try = "**yes**"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | `go test %s -run 'Matrix/^%s$'` |\n",
				r.Case, cell(r.Input), seen, try, "`"+r.Error+"`", strings.Join(proofs, "<br>"),
				strings.Join(layers, " "), r.Case)
		}
	}
	fmt.Fprintf(&b, "\n%d cases; vault %d, app %d, screens %d rows.\n", n, len(rows["vault"]), len(rows["app"]), len(rows["screens"]))
	b.WriteString(End)
	return b.String(), nil
}

// sees is the sentence column: read off the window where the screens
// layer ran the case, else the sentence table's for the error (marked †).
func sees(by map[string]Row, sentence func(error) string) (string, error) {
	if s, ok := by["screens"]; ok {
		if t, ok := strings.CutPrefix(s.Sentence, windowPrefix); ok {
			return "taken: the window moves on to *" + cell(t) + "*", nil
		}
		return "“" + cell(s.Sentence) + "”", nil
	}
	for _, l := range []string{"app", "vault"} {
		r, ok := by[l]
		if !ok {
			continue
		}
		err, ok := Err(r.Error)
		if !ok {
			return "", fmt.Errorf("no sentinel named %q", r.Error)
		}
		if err == nil {
			return "taken", nil
		}
		return "“" + cell(sentence(err)) + "” †", nil
	}
	return "", fmt.Errorf("no layer ran it")
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// Splice replaces what lies between the markers in doc with table (which
// carries the markers).
func Splice(doc, table string) (string, error) {
	i, j := strings.Index(doc, Begin), strings.Index(doc, End)
	if i < 0 || j < i {
		return "", fmt.Errorf("the markers %s … %s are missing", Begin, End)
	}
	return doc[:i] + table + doc[j+len(End):], nil
}

// LoadAll reads the stored rows of every layer.
func LoadAll() (map[string][]Row, error) {
	all := map[string][]Row{}
	for _, l := range Layers {
		rows, err := Load(l)
		if err != nil {
			return nil, err
		}
		all[l] = rows
	}
	if !slices.ContainsFunc(Layers, func(l string) bool { return len(all[l]) > 0 }) {
		return nil, fmt.Errorf("no rows stored")
	}
	return all, nil
}
