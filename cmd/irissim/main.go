// Command irissim runs the IRIS SuperServer simulator (internal/irissim): an
// IRIS stand-in over SQLite for trying pgwired without IRIS and for tests.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/pgwired/pgwired/internal/irissim"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "irissim:", err)
		os.Exit(1)
	}
}

func run() error {
	listen := flag.String("listen", "127.0.0.1:1972", "address to listen on")
	data := flag.String("data", "", "data directory (one SQLite file per namespace); empty = temporary")
	user := flag.String("user", "_SYSTEM", "login user")
	password := flag.String("password", "SYS", "login password")
	batch := flag.Int("batch", 0, "rows per fetch message (0 = default)")
	debug := flag.Bool("debug", false, "log connection-level events")
	flag.Parse()

	level := slog.LevelInfo
	if *debug {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	srv, err := irissim.New(irissim.Config{
		DataDir:        *data,
		Users:          map[string]string{*user: *password},
		FetchBatchRows: *batch,
		Logger:         log,
	})
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		srv.Close()
		return err
	}
	log.Info("IRIS simulator listening on " + l.Addr().String())

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-sigs
		log.Info("shutting down")
		srv.Close()
	}()
	if err := srv.Serve(l); err != nil {
		srv.Close()
		return err
	}
	return srv.Close()
}
