module example.com/tool

go 1.22

require (
	github.com/spf13/cobra v1.8.0
	go.opentelemetry.io/otel v1.24.0
)
