package main

import (
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
)

// FerretDB 1.24 on SQLite runs an update as a read followed by a write, so two concurrent
// updates of one document can lose one of them: `$inc` from 20 clients at once ends below 20, and
// two guarded findOneAndUpdate calls can both win. MongoDB makes every single-document write
// atomic, and the project's invariants depend on it (docs/architecture.md §6). This proxy restores
// that guarantee by letting one request at a time through to FerretDB, for all connections.

const (
	opMsg          = 2013
	flagMoreToCome = 1 << 1
	maxMessage     = 48 * 1024 * 1024
)

type message struct {
	raw    []byte
	opCode int32
}

func (m message) moreToCome() bool {
	return m.opCode == opMsg && len(m.raw) >= 20 && binary.LittleEndian.Uint32(m.raw[16:20])&flagMoreToCome != 0
}

func readMessage(r io.Reader) (message, error) {
	header := make([]byte, 16)
	if _, err := io.ReadFull(r, header); err != nil {
		return message{}, err
	}
	length := int(int32(binary.LittleEndian.Uint32(header[0:4])))
	if length < 16 || length > maxMessage {
		return message{}, errors.New("invalid wire message length")
	}
	raw := make([]byte, length)
	copy(raw, header)
	if _, err := io.ReadFull(r, raw[16:]); err != nil {
		return message{}, err
	}
	return message{raw: raw, opCode: int32(binary.LittleEndian.Uint32(header[12:16]))}, nil
}

type serializer struct {
	upstream string
	mu       sync.Mutex
	logger   *slog.Logger
}

func (s *serializer) serve(listener net.Listener) {
	for {
		client, err := listener.Accept()
		if err != nil {
			return
		}
		go s.handle(client)
	}
}

func (s *serializer) handle(client net.Conn) {
	defer client.Close()
	server, err := net.Dial("tcp", s.upstream)
	if err != nil {
		s.logger.Error("cannot reach FerretDB", "error", err)
		return
	}
	defer server.Close()
	for {
		request, err := readMessage(client)
		if err != nil {
			return
		}
		replies, err := s.roundTrip(server, request)
		if err != nil {
			return
		}
		for _, reply := range replies {
			if _, err := client.Write(reply.raw); err != nil {
				return
			}
		}
	}
}

// roundTrip holds the global lock from sending a request until its whole answer is read.
func (s *serializer) roundTrip(server net.Conn, request message) ([]message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := server.Write(request.raw); err != nil {
		return nil, err
	}
	if request.moreToCome() {
		return nil, nil
	}
	var replies []message
	for {
		reply, err := readMessage(server)
		if err != nil {
			return nil, err
		}
		replies = append(replies, reply)
		if !reply.moreToCome() {
			return replies, nil
		}
	}
}
