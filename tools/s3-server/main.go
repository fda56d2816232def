// An S3-compatible server for tests: gofakes3 over an in-memory backend, on a loopback port.
// Used to run the media storage contract against a real S3 protocol peer (tests/support/s3-server.ts).
package main

import (
	"flag"
	"io"
	"log"
	"net"
	"net/http"
	"os"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	bucket := flag.String("bucket", "media", "bucket created at start")
	flag.Parse()

	backend := s3mem.New()
	if err := backend.CreateBucket(*bucket); err != nil {
		log.Fatalf("create bucket: %v", err)
	}
	// The parent holds our stdin open: when it goes (even killed), so does this server.
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	faker := gofakes3.New(backend)
	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("listen: %v", err)
	}
	// The launcher reads the address from the first line of stdout.
	os.Stdout.WriteString("listening " + listener.Addr().String() + "\n")
	log.Fatal(http.Serve(listener, faker.Server()))
}
