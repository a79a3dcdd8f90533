# Build stage: Maven with JDK 17 builds the fat jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY conf conf
RUN mvn -B -q package -DskipTests

# Runtime stage: a JRE 17 and the jar, run as a non-root user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app pushgate
WORKDIR /app
COPY --from=build /src/target/pushgate.jar /app/pushgate.jar
COPY conf /app/conf
USER pushgate
# Settings come from conf/config.json and are overridden by PUSHGATE_* variables, e.g.
#   docker run -e PUSHGATE_TARGETS_DEFAULT_URL=https://push.example.com/send -p 8080:8080 pushgate
ENV PUSHGATE_HTTP_PORT=8080
# 8080: the HTTP API. 5701: Hazelcast, when clustered (PUSHGATE_CLUSTER_ENABLED=true); the clustered event bus takes
# a random port as well, so members must reach each other on every port (see README, "Running a cluster").
EXPOSE 8080 5701
# Healthy while GET /health/live answers 200 (bash's /dev/tcp: the JRE image has no curl).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${PUSHGATE_HTTP_PORT} && printf "GET /health/live HTTP/1.0\r\n\r\n" >&3 && head -n1 <&3 | grep -q " 200 "' || exit 1
ENTRYPOINT ["sh", "-c", "exec java ${JAVA_OPTS:-} -jar /app/pushgate.jar \"$@\"", "pushgate"]
