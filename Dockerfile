# syntax=docker/dockerfile:1
# One image recipe for every service:
#   docker build --build-arg MODULE=memory-service -t skein/memory-service:0.1.0 .
# docker-compose.yml builds all four with it; infra/k8s runs the same images (skein/<service>:0.1.0).
# Base images are pinned to exact versions (Temurin 25.0.3+9, the JDK of the local stack); pin
# digests too (image@sha256:...) in a registry you mirror them to.

# ---- build: the repository's own Maven wrapper on a Maven + Temurin image ----
FROM maven:3.9.11-eclipse-temurin-25 AS build
ARG MODULE
WORKDIR /src
COPY . .
# -am builds what the module depends on (contracts, platform); the cache mount keeps ~/.m2 between builds.
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${MODULE}" || { echo "build with --build-arg MODULE=<service module>" >&2; exit 1; }; \
    ./mvnw -B -q -DskipTests -pl "${MODULE}" -am package \
    && cp "${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT.jar" /app.jar

# ---- run: JRE only, unprivileged ----
FROM eclipse-temurin:25.0.3_9-jre-noble
# A fixed numeric uid/gid (10001): Kubernetes' runAsNonRoot can only verify a numeric user, and
# infra/k8s sets runAsUser 10001. /var/lib/skein is the one folder the gateway writes in compose
# (the generated development key); everything else may be read-only (/tmp excepted).
RUN groupadd --system --gid 10001 skein \
    && useradd --system --uid 10001 --gid skein --no-create-home skein \
    && mkdir -p /var/lib/skein && chown skein:skein /var/lib/skein
COPY --from=build /app.jar /app/app.jar
# the compose healthcheck (bash, no curl needed): /app/healthcheck.sh <port>
COPY --chmod=755 infra/docker/healthcheck.sh /app/healthcheck.sh
USER 10001:10001
# Services bind to 127.0.0.1 by default (right for the local stack); in a container they must
# listen on all interfaces to be reachable from the other containers. The heap is a share of the
# container's memory limit; an OutOfMemoryError ends the JVM so the container is restarted. The
# compose file and the Kubernetes manifests, which set a limit, also start with the whole share
# (-XX:InitialRAMPercentage, docs/kubernetes.md); without a limit the share is of the host's memory,
# too much to take at once.
ENV SERVER_ADDRESS=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
