package main

// The loop: set up an account, run each operation once unkilled to
// measure it, then run random operations with random kills until enough
// kills have landed, verifying after every run.

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"sort"
	"time"

	"github.com/sparekey/sparekey/vault"
)

// maxProblems stops a run whose account is beyond the ground truth.
const maxProblems = 10

type config struct {
	kills int
	seed  uint64
	log   io.Writer // one line per problem, and progress
	exe   string    // the child; this program when empty
}

// opTally is what happened to one operation.
type opTally struct {
	runs, kills, midWrite int
	outcomes              map[string]int
}

// result is the run's figures.
type result struct {
	seed     uint64
	kills    int
	runs     int            // children started, killed or not
	landed   map[string]int // where the kills landed
	midWrite int
	tempLeft int // kills after which a temp file was in the data directory
	byOp     map[string]*opTally
	problems []problem
	elapsed  time.Duration
}

// run is the whole harness.
func run(cfg config) (res *result, err error) {
	start := time.Now()
	res = &result{seed: cfg.seed, landed: map[string]int{}, byOp: map[string]*opTally{}}
	for _, op := range ops {
		res.byOp[op] = &opTally{outcomes: map[string]int{}}
	}
	defer func() { res.elapsed = time.Since(start) }()
	exe := cfg.exe
	if exe == "" {
		if exe, err = os.Executable(); err != nil {
			return res, err
		}
	}
	env := append(os.Environ(), childEnv+"=1")
	dir, err := os.MkdirTemp("", "sparekey-crashloop-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	tag := make([]byte, 6)
	rand.Read(tag)
	w := &world{
		dir: dir, service: "sparekey-test-crashloop-" + hex.EncodeToString(tag),
		rng:  mrand.New(mrand.NewPCG(cfg.seed, 0x5eed)),
		now:  time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC),
		dead: map[string]bool{},
	}
	if err := w.setUp(); err != nil {
		return res, fmt.Errorf("set up the account: %w", err)
	}
	defer vault.SystemKeyring{}.Delete(w.service, w.id)

	est := map[string]time.Duration{}
	one := func(op string, delay time.Duration) error {
		req, err := w.request(op)
		if err != nil {
			return err
		}
		rec, err := spawn(exe, env, req, delay)
		if err != nil {
			return err
		}
		res.runs++
		t := res.byOp[op]
		t.runs++
		if rec.unexpected != "" && !rec.killed {
			res.problems = append(res.problems, problem{kindOther, op + ": without a kill it returned: " + rec.unexpected})
		}
		if rec.ended && !rec.killed {
			// The measured duration, smoothed; kills are drawn over it.
			if est[op] == 0 {
				est[op] = rec.opDur
			}
			est[op] = (3*est[op] + rec.opDur) / 4
		}
		outcome, probs := w.verify(&rec)
		for _, p := range probs {
			fmt.Fprintf(cfg.log, "PROBLEM (seed %d, run %d, killed %v %s): %s\n", cfg.seed, res.runs, rec.killed, rec.landed(), p.msg)
		}
		res.problems = append(res.problems, probs...)
		if !rec.killed {
			t.outcomes["ran to the end: "+outcome]++
			return nil
		}
		res.kills++
		t.kills++
		res.landed[rec.landed()]++
		if rec.midWrite() {
			res.midWrite++
			t.midWrite++
		}
		if rec.temps > 0 {
			res.tempLeft++
		}
		t.outcomes["killed: "+outcome]++
		return nil
	}
	for _, op := range ops {
		if err := one(op, -1); err != nil {
			return res, err
		}
	}
	for res.kills < cfg.kills {
		op := ops[w.rng.IntN(len(ops))]
		delay := time.Duration(w.rng.Float64() * 1.1 * float64(est[op]))
		if err := one(op, delay); err != nil {
			return res, err
		}
		if len(res.problems) >= maxProblems {
			// The ground truth no longer holds: later runs would only
			// repeat the first problems' consequences.
			return res, fmt.Errorf("stopped after %d problems at run %d", len(res.problems), res.runs)
		}
		if res.runs%100 == 0 {
			fmt.Fprintf(cfg.log, "crashloop: %d runs, %d kills, %d problems, %s\n", res.runs, res.kills, len(res.problems), time.Since(start).Round(time.Second))
		}
	}
	return res, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// print writes the figures and the seed to rerun them.
func (r *result) print(out io.Writer) {
	fmt.Fprintf(out, "\ncrashloop: seed %d (rerun: -seed %d -kills %d)\n", r.seed, r.seed, r.kills)
	fmt.Fprintf(out, "%d kills in %d runs, %s; %d kills landed mid-write; after %d a temp file was in the data directory (each swept when the vault opened)\n",
		r.kills, r.runs, r.elapsed.Round(time.Second), r.midWrite, r.tempLeft)
	fmt.Fprintln(out, "where the kills landed:")
	for _, k := range sortedKeys(r.landed) {
		fmt.Fprintf(out, "  %5d  %s\n", r.landed[k], k)
	}
	fmt.Fprintln(out, "by operation (runs, kills, kills mid-write; outcomes):")
	for _, op := range ops {
		t := r.byOp[op]
		fmt.Fprintf(out, "  %-30s %4d runs %4d kills %4d mid-write\n", op, t.runs, t.kills, t.midWrite)
		for _, k := range sortedKeys(t.outcomes) {
			fmt.Fprintf(out, "      %4d  %s\n", t.outcomes[k], k)
		}
	}
	kinds := map[string]int{kindLost: 0, kindRevived: 0, kindOther: 0}
	for _, p := range r.problems {
		kinds[p.kind]++
	}
	fmt.Fprintf(out, "problems: %d corrupt or lost vaults, %d revived codes, steps or passwords, %d other\n",
		kinds[kindLost], kinds[kindRevived], kinds[kindOther])
}
