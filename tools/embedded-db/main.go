// Command embedded-db serves the MongoDB wire protocol on loopback from FerretDB 1.24 on SQLite.
//
// FerretDB's own `go install`ed command panics at start-up for missing build-time version files,
// so the project embeds the library instead. tools/db/launcher.ts builds and supervises it.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (keep it on loopback)")
	dataDir := flag.String("data", ".data/db", "directory of the SQLite database files")
	logLevel := flag.String("log-level", "error", "FerretDB log level (debug, info, warn, error)")
	exitWithParent := flag.Bool("exit-with-parent", false, "exit when stdin closes; the launcher holds it open")
	flag.Parse()

	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}

	// FerretDB listens on a private loopback port; clients reach it through the serializer.
	internal, err := freeLoopbackAddr()
	if err != nil {
		log.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level(*logLevel)}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: internal},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
		Logger:    logger,
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// A parent killed with SIGKILL cannot signal us; its end of our stdin closing is the only sign.
	if *exitWithParent {
		go func() {
			buf := make([]byte, 64)
			for {
				if _, err := os.Stdin.Read(buf); err != nil {
					stop()
					return
				}
			}
		}()
	}

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	go (&serializer{upstream: internal, logger: logger}).serve(listener)

	fmt.Println("listening", "mongodb://"+listener.Addr().String()+"/")
	err = f.Run(ctx)
	listener.Close()
	if err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}

func freeLoopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func level(name string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(name)); err != nil {
		return slog.LevelError
	}
	return l
}
