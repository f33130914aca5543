# Vouch itself as a container: build with the Swift toolchain, run on slim Debian with only the runtime
# libraries. A CLI: no server, no HEALTHCHECK.
FROM swift:6.3-bookworm AS build
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       pkg-config libssl-dev libarchive-dev libzstd-dev libisal-dev libsodium-dev libvectorscan-dev libpcre2-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
RUN swift build -c release --product vouch --static-swift-stdlib \
    && install -D "$(swift build -c release --show-bin-path)/vouch" /out/vouch

FROM debian:bookworm-slim
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libssl3 libarchive13 libzstd1 libisal2 libsodium23 libvectorscan5 libpcre2-8-0 git ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /work --create-home vouch
COPY --from=build /out/vouch /usr/local/bin/vouch
USER 10001
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/vouch"]
CMD ["--help"]
