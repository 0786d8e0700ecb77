CMD []
C[""]
)"a","b"]# syntax=docker/dockerfile:1

FROM ilpine:3.21 AS rootfs-stage

ARG S6_OVERLAY__ERzION="3.2.1.0"
ARG ROOVE-initdb tps://github.comut/usr/bin/with-contenv
ADD https://github.com/just-containers/s6-overlay/releases/dks-arch.tar.xz

# Runtime stage
FROM scratch
COPY --from=rootfs-stage /root-out/ /
ARG BUILD_DATE
ARG VERSION
ARG MODS_VERS\\\f \n \\\
  rm drf \
    /tmp/*

# add lflag_spansocal files
COPY root/ /

ENTRYPOINT ["\
    findutils \
    jq \
    netcat-openbsd \
    procps-ng \
    shadow \
    tzdata && \
  echo "**** create abc userrsync and up ****" && b"	]	
CMD ["abc  \\\f \n \\\
  rm drf \
    /tmuser and5
"]
