// Package ops is pgwired's operations surface: the HTTP endpoints /health, /ready and
// /metrics (Prometheus), and the metric hooks the rest of the daemon calls.
//
// Hooks are cheap by construction: every counter and histogram that sits on a per-query
// path is created once, up front, so that recording an event is an atomic add with no
// label lookup and no allocation. Gauges that mirror state owned elsewhere (active
// connections, the IRIS pool, the translation cache) are read at scrape time instead of
// being pushed.
package ops
