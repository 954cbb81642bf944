// ScoringCore
