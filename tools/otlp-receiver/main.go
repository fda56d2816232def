// A minimal OTLP/HTTP trace receiver for the tracing tests: it accepts the protobuf export
// requests an OpenTelemetry SDK sends to /v1/traces, keeps every span in memory, and answers
// GET /spans with them as JSON (ids in hex, attributes flattened), so that a test can assert what
// a real exporter delivered over a real socket. Not a collector: nothing is forwarded or stored.
package main

import (
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	common "go.opentelemetry.io/proto/otlp/common/v1"
	"google.golang.org/protobuf/proto"
)

type link struct {
	TraceID string `json:"traceId"`
	SpanID  string `json:"spanId"`
}

type span struct {
	Service      string         `json:"service"`
	TraceID      string         `json:"traceId"`
	SpanID       string         `json:"spanId"`
	ParentSpanID string         `json:"parentSpanId"`
	Name         string         `json:"name"`
	Kind         int32          `json:"kind"`
	Attributes   map[string]any `json:"attributes"`
	Links        []link         `json:"links"`
}

func value(v *common.AnyValue) any {
	switch x := v.GetValue().(type) {
	case *common.AnyValue_StringValue:
		return x.StringValue
	case *common.AnyValue_IntValue:
		return x.IntValue
	case *common.AnyValue_DoubleValue:
		return x.DoubleValue
	case *common.AnyValue_BoolValue:
		return x.BoolValue
	default:
		return fmt.Sprint(v)
	}
}

func attributes(kvs []*common.KeyValue) map[string]any {
	out := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		out[kv.Key] = value(kv.Value)
	}
	return out
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	var mu sync.Mutex
	spans := []span{}

	http.HandleFunc("POST /v1/traces", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/x-protobuf" {
			http.Error(w, "only application/x-protobuf is accepted", http.StatusUnsupportedMediaType)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
		request := &coltrace.ExportTraceServiceRequest{}
		if err == nil {
			err = proto.Unmarshal(body, request)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		for _, rs := range request.ResourceSpans {
			service, _ := attributes(rs.GetResource().GetAttributes())["service.name"].(string)
			for _, ss := range rs.ScopeSpans {
				for _, s := range ss.Spans {
					links := []link{}
					for _, l := range s.Links {
						links = append(links, link{hex.EncodeToString(l.TraceId), hex.EncodeToString(l.SpanId)})
					}
					spans = append(spans, span{service, hex.EncodeToString(s.TraceId), hex.EncodeToString(s.SpanId),
						hex.EncodeToString(s.ParentSpanId), s.Name, int32(s.Kind), attributes(s.Attributes), links})
				}
			}
		}
		mu.Unlock()
		reply, _ := proto.Marshal(&coltrace.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(reply)
	})
	http.HandleFunc("GET /spans", func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(spans)
	})

	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening %s\n", listener.Addr())
	log.Fatal(http.Serve(listener, nil))
}
