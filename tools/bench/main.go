// Command bench is issue 11's benchmark, run by scripts/bench.sh inside
// one Xvfb display and a private D-Bus session with an unlocked
// gnome-keyring. It starts Sparekey, the Fyne floor (tools/floor) and
// KeePassXC in turn, each in a fresh HOME, measures their start-up,
// memory and idle CPU from outside (X tools and /proc), drives Sparekey
// through its screens with xdotool, and prints Markdown tables of
// medians, ranges and ratios.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// options are the command's flags.
type options struct {
	runs, journeys           int
	sparekey, floor, keepass string
	dir                      string
}

func main() {
	var o options
	flag.IntVar(&o.runs, "n", 7, "start-up runs of each app, alternating")
	flag.IntVar(&o.journeys, "journeys", 3, "Sparekey journeys (account set-up, sign-ins, screens)")
	flag.StringVar(&o.sparekey, "sparekey", "", "Sparekey binary (stripped)")
	flag.StringVar(&o.floor, "floor", "", "floor binary, tools/floor (stripped)")
	flag.StringVar(&o.keepass, "keepassxc", "keepassxc", "KeePassXC binary")
	flag.StringVar(&o.dir, "dir", os.TempDir(), "folder for the runs' HOMEs")
	flag.Parse()
	if err := bench(o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// bench runs everything and writes the report to w.
func bench(o options, w io.Writer) error {
	if o.sparekey == "" || o.floor == "" {
		return fmt.Errorf("-sparekey and -floor are required")
	}
	apps := []appSpec{
		{name: "sparekey", argv: []string{o.sparekey, "--keyring-service", "sparekey-bench"}},
		{name: "floor", argv: []string{o.floor}},
		{name: "keepassxc", argv: []string{o.keepass}},
	}
	fmt.Fprintf(w, "Load average (1, 5, 15 min) at the start: %s\n\n", loadAvg())
	results, loads, err := startupRuns(apps, o)
	if err != nil {
		return err
	}
	writeStartup(w, apps, results, loads)
	js, err := journeys(apps[0], o)
	if err != nil {
		return err
	}
	if len(js) > 0 {
		writeJourneys(w, js, results["floor"])
	}
	writeSizes(w, o)
	fmt.Fprintf(w, "\nLoad average (1, 5, 15 min) at the end: %s\n", loadAvg())
	return nil
}

// startupRuns runs each app o.runs times, alternating (each round starts
// with the next app, so none always follows the same one), and logs each
// run on stderr.
func startupRuns(apps []appSpec, o options) (map[string][]startup, []float64, error) {
	results := map[string][]startup{}
	var loads []float64
	for round := range o.runs {
		for k := range apps {
			spec := apps[(round+k)%len(apps)]
			loads = append(loads, load1())
			s, err := measureStartup(spec, o.dir)
			if err != nil {
				return nil, nil, fmt.Errorf("%s, run %d: %w", spec.name, round+1, err)
			}
			results[spec.name] = append(results[spec.name], s)
			fmt.Fprintf(os.Stderr, "run %d/%d %-9s mapped %4.0f ms  painted %4.0f ms  ready %4.0f ms  RSS %5.1f MiB  idle %5.1f %% %4.1f repaints/s  load %s\n",
				round+1, o.runs, spec.name, ms(s.mapped), ms(s.painted), ms(s.ready), s.rss, s.idleCPU, s.repaints, s.load)
			time.Sleep(time.Second)
		}
	}
	return results, loads, nil
}

// column collects one figure of every run.
func column(runs []startup, f func(startup) float64) summary {
	xs := make([]float64, len(runs))
	for i, r := range runs {
		xs[i] = f(r)
	}
	return summarize(xs)
}

// startupColumns are the start-up table's figures: name, unit, decimals.
var startupColumns = []struct {
	head, unit string
	dec        int
	get        func(startup) float64
}{
	{"start → mapped", " ms", 0, func(s startup) float64 { return ms(s.mapped) }},
	{"start → first painted frame", " ms", 0, func(s startup) float64 { return ms(s.painted) }},
	{"RSS after 3 s", " MiB", 1, func(s startup) float64 { return s.rss }},
	{"CPU while idle (10 s on the first screen)", " % of a core", 1, func(s startup) float64 { return s.idleCPU }},
	{"repaints while idle (the same 10 s)", " /s", 1, func(s startup) float64 { return s.repaints }},
}

// writeStartup prints the table with ratios.
func writeStartup(w io.Writer, apps []appSpec, results map[string][]startup, loads []float64) {
	labels := map[string]string{
		"floor":     "Fyne 2.8.1 hello window (the floor)",
		"keepassxc": "KeePassXC (Debian, Qt)",
		"sparekey":  "Sparekey",
	}
	t := table{header: []string{fmt.Sprintf("median (min–max), N=%d", len(results["sparekey"]))}}
	for _, c := range startupColumns {
		t.header = append(t.header, c.head)
	}
	sum := func(name string, i int) summary { return column(results[name], startupColumns[i].get) }
	for _, name := range []string{"floor", "keepassxc", "sparekey"} {
		row := []string{labels[name]}
		for i, c := range startupColumns {
			row = append(row, sum(name, i).format(c.unit, c.dec))
		}
		t.add(row...)
	}
	for _, peer := range []string{"floor", "keepassxc"} {
		row := []string{"Sparekey ÷ " + labels[peer]}
		for i := range startupColumns {
			row = append(row, ratio(sum("sparekey", i), sum(peer, i)))
		}
		t.add(row...)
	}
	row := []string{"Sparekey − floor"}
	for i, c := range startupColumns {
		row = append(row, fmt.Sprintf("%+.*f%s", c.dec, sum("sparekey", i).median-sum("floor", i).median, c.unit))
	}
	t.add(row...)
	t.write(w)
	ready := column(results["sparekey"], func(s startup) float64 { return ms(s.ready) })
	fmt.Fprintf(w, "\nSparekey's first frame is its start screen (icon and \"Opening your accounts…\"); start → its first real screen (the title leaves \"Starting\"): %s, %s the floor's first paint\n",
		ready.format(" ms", 0), ratio(ready, column(results["floor"], startupColumns[1].get)))
	l := summarize(loads)
	fmt.Fprintf(w, "\n1-minute load average at the start of each run: median %.2f (%.2f–%.2f), %d runs\n\n",
		l.median, l.min, l.max, l.n)
}

// journeys runs o.journeys Sparekey journeys, each in a fresh HOME: set
// up an account, time sign-ins, probe the window during one, and measure
// idle CPU on each screen.
func journeys(spec appSpec, o options) ([]*journey, error) {
	var js []*journey
	for i := range o.journeys {
		j, err := newJourney(spec, o.dir)
		if err != nil {
			return nil, err
		}
		for _, step := range []struct {
			name string
			run  func() error
		}{
			{"set-up", j.setUp},
			{"sign-in 1", j.signInSample}, {"sign-in 2", j.signInSample}, {"sign-in 3", j.signInSample},
			{"probe", j.probeSample},
			{"screens", j.screensSample},
		} {
			fmt.Fprintf(os.Stderr, "journey %d/%d: %s (load %s)\n", i+1, o.journeys, step.name, loadAvg())
			if err := step.run(); err != nil {
				return nil, fmt.Errorf("journey %d, %s: %w (HOME %s)", i+1, step.name, err, j.home)
			}
		}
		js = append(js, j)
	}
	return js, nil
}

// gather joins one figure of every journey.
func gather(js []*journey, f func(*journey) []float64) summary {
	var xs []float64
	for _, j := range js {
		xs = append(xs, f(j)...)
	}
	return summarize(xs)
}

// writeJourneys prints Sparekey's per-screen and sign-in tables.
func writeJourneys(w io.Writer, js []*journey, floorRuns []startup) {
	floorIdle := column(floorRuns, startupColumns[3].get)
	floorRSS := column(floorRuns, startupColumns[2].get)
	t := table{header: []string{"Sparekey screen", "CPU while idle (10 s)", "÷ floor's idle CPU", "repaints while idle"}}
	first := map[string]bool{}
	var screens []string
	for _, j := range js {
		for s := range j.idle {
			if !first[s] {
				first[s] = true
				screens = append(screens, s)
			}
		}
	}
	order := []string{"Sign In", "Two-Step Verification", "Home", "Backup Codes"}
	slices.SortFunc(screens, func(a, b string) int { return slices.Index(order, a) - slices.Index(order, b) })
	for _, s := range screens {
		v := gather(js, func(j *journey) []float64 { return j.idle[s] })
		p := gather(js, func(j *journey) []float64 { return j.repaints[s] })
		t.add(s, v.format(" % of a core", 1), ratio(v, floorIdle), p.format(" /s", 1))
	}
	fmt.Fprintf(w, "Sparekey per screen (%d journeys; the first screen, Create Account, is in the table above):\n\n", len(js))
	t.write(w)
	s := table{header: []string{"Sparekey sign-in", "median (min–max)"}}
	s.add("Enter on the password → second-factor title", gather(js, func(j *journey) []float64 { return j.signIn }).format(" ms", 0))
	after := gather(js, func(j *journey) []float64 { return j.rssAfter })
	later := gather(js, func(j *journey) []float64 { return j.rss5s })
	s.add("RSS right after sign-in", after.format(" MiB", 1))
	s.add("RSS 5 s after sign-in", later.format(" MiB", 1))
	s.add("RSS 5 s after sign-in − floor's RSS", fmt.Sprintf("%+.1f MiB", later.median-floorRSS.median))
	s.add("key → repaint, idle sign-in screen (probe baseline)", gather(js, func(j *journey) []float64 { return j.probeIdl }).format(" ms", 0))
	kdf := gather(js, func(j *journey) []float64 { return j.probeKDF })
	s.add(fmt.Sprintf("key → repaint during sign-in (%d probes)", kdf.n), kdf.format(" ms", 0))
	s.add("largest frame gap during sign-in (slowest probe)", fmt.Sprintf("%.0f ms", kdf.max))
	fmt.Fprintf(w, "\nSparekey sign-in (%d sign-ins, each in a fresh process):\n\n", len(js)*3)
	s.write(w)
}

// writeSizes prints the stripped binaries' sizes.
func writeSizes(w io.Writer, o options) {
	size := func(p string) float64 {
		st, err := os.Stat(p)
		if err != nil {
			return 0
		}
		return float64(st.Size()) / 1e6
	}
	f, s := size(o.floor), size(o.sparekey)
	fmt.Fprintf(w, "\nStripped binaries (-ldflags='-s -w'): the floor %.1f MB (%s), Sparekey %.1f MB (%s), difference %+.1f MB\n",
		f, filepath.Base(o.floor), s, filepath.Base(o.sparekey), s-f)
}
