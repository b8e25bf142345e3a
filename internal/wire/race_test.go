//go:build race

package wire

// raceEnabled: the race detector allocates and sync.Pool drops items at random.
const raceEnabled = true
