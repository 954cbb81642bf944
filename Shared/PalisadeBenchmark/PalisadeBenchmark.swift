// PalisadeBenchmark: see docs/ for what this module holds.
