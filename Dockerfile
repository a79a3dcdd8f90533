# Build stage: Maven with JDK 17 builds the fat jar. Base images are fully qualified (no registry guessing by the
# engine) and pinned to a release, so a rebuild gets the same toolchain; bump the tags on purpose.
FROM docker.io/library/maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY conf conf
RUN mvn -B -q package -DskipTests

# Runtime stage: the Temurin 17.0.15+6 JRE (Ubuntu-based) and the jar.
FROM docker.io/library/eclipse-temurin:17.0.15_6-jre
RUN groupadd --system --gid 10001 pushgate \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home pushgate
WORKDIR /app
COPY --from=build /src/target/pushgate.jar /app/pushgate.jar
COPY conf /app/conf
# A numeric user, so that Kubernetes' runAsNonRoot can check it without reading /etc/passwd.
USER 10001:10001
# Settings come from conf/config.json and are overridden by PUSHGATE_* variables, e.g.
#   docker run -e PUSHGATE_TARGETS_DEFAULT_URL=https://push.example.com/send -p 8080:8080 pushgate
# (run with -conf FILE, give the health check the same file: the HEALTHCHECK below reads /app/conf/config.json).
ENV PUSHGATE_HTTP_PORT=8080
# 8080: the HTTP API. 5701: Hazelcast, when clustered (PUSHGATE_CLUSTER_ENABLED=true); the clustered event bus takes
# a random port as well, so members must reach each other on every port (see README, "Running a cluster").
EXPOSE 8080 5701
# Healthy while GET /health/live answers 200. The JRE image has no curl, and bash's /dev/tcp cannot speak TLS, so
# the jar checks itself: --health-check reads the same configuration as the gateway (conf/config.json and PUSHGATE_*
# variables; not -D flags in JAVA_OPTS, which it does not get: set the gateway through PUSHGATE_* variables), calls
# http:// or, with http.tls set, https:// on the local port, and exits 0 or 1. It runs in a small JVM of its own
# (serial GC, C1 only, 64 MB heap, one thread per Vert.x pool: about 100 MB resident while it runs), never in the
# gateway's event loop; it takes about a second of CPU, hence the 10 s timeout.
HEALTHCHECK --interval=15s --timeout=10s --start-period=30s --retries=3 \
  CMD ["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-jar", "/app/pushgate.jar", "--health-check"]
# The heap is sized for the container: 60% of its memory limit (the JVM default is 25%), leaving the rest for
# metaspace, threads, Netty's direct buffers and the health check's JVM; give the container 512 MiB or more. JAVA_OPTS
# comes after it, so -XX:MaxRAMPercentage=... or -Xmx... there wins; it passes other JVM flags too, e.g.
# -Dlogback.configurationFile=logback-json.xml.
# -XX:+ExitOnOutOfMemoryError: a JVM out of memory exits (status 3) and the engine restarts it, rather than staying
# up with dead event loops.
ENTRYPOINT ["sh", "-c", "exec java -XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError ${JAVA_OPTS:-} -jar /app/pushgate.jar \"$@\"", "pushgate"]
