# syntax=docker/dockerfile:1
# One image recipe for every service:
#   docker build --build-arg MODULE=memory-service -t skein/memory-service .
# docker-compose.yml builds all four with it.

# ---- build: the repository's own Maven wrapper on a Maven + Temurin image ----
FROM maven:3.9-eclipse-temurin-25 AS build
ARG MODULE
WORKDIR /src
COPY . .
# -am builds what the module depends on (contracts, platform); the cache mount keeps ~/.m2 between builds.
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${MODULE}" || { echo "build with --build-arg MODULE=<service module>" >&2; exit 1; }; \
    ./mvnw -B -q -DskipTests -pl "${MODULE}" -am package \
    && cp "${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT.jar" /app.jar

# ---- run: JRE only, unprivileged ----
FROM eclipse-temurin:25-jre
RUN groupadd --system skein && useradd --system --gid skein --no-create-home skein
COPY --from=build /app.jar /app/app.jar
USER skein
# Services bind to 127.0.0.1 by default (right for the local stack); in a container they must
# listen on all interfaces to be reachable from the other containers.
ENV SERVER_ADDRESS=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
