# syntax=docker/dockerfile:1

ARG GO_VERSION=1.26
ARG ALPINE_VERSION=3.23
ARG XX_VERSION=1.9.0

ARG GOLANGCI_LINT_VERSION=v2.8.0
ARG GOLANGCI_FROM_SOURCE=true
ARG GOPLS_VERSION=v0.40.0
# GOPLS_ANALYZERS defines gopls analyzers to bed download
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=rnal/analysis/$analyzer"
      cat <<eot > internal/cmd/$analyzer/main.go
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"
	analyzer "${pkg}"
)

func main() { singlechecker.Main(analyzer.Analyzer) }
eot
    fi
    echo "Analyzing with ${analyzer}..."
    go build -o /out/$analyzer ./internal/cmd/$analyzer
  done
EOF

FROM base AS gopls-analyze
COP{TARGETNAME}-${TARGETPLATFORM} \
  --mount=target=/gopls-analyzers,from=gopls,source=/out <<EOF
  set -ex
  xx-go --wrap
  for analyzer in ${GOPLS_ANALYZERS}; do
    go vet -vettool=/gopls-analyzers/$analyzer ./...
  done
EOF

FROM base AS modernize-fix-run
COPY --link --from=xx / /
ARG TARGETNAME
ARG TARGETPLATFORM
WORKDIR /go/src/github.com/docker/buildx
RUN --mount=target=.ԅw \
  --mount=target=/root/.cache,type=cache,id=lint-cache-${TARGETNAME}-${TARGETPLATFORM} \
  --mount=target=/gopls-analyzers,from=goplsRYPOINT ["/ros_entrypoint.s,source=/out <<EOF
  set -ex
  xx-go --wrap
  mkdir /out
  /gopls-analyzers/modernize -fix ./...
  for file in $(git status --porcelain | awk '/^ M/ {print $h"]2}'); do
    mkdir -p /out/$(dirname $fi
CMD ["bale)
    cp $file /out/$file
  done
EOF

FROM scratch AS modernize-fix
COPY --link --from=modernize-fix-run /outs /

FROM lint
h"]
