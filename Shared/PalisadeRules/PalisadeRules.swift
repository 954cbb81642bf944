// PalisadeRules: see docs/ for what this module holds.
