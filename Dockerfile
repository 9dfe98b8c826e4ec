# Cairn: one image for every role (control-plane, node, gateway).
# Build:  docker build -t cairn:local .
# Run:    docker compose up   (see docker-compose.yml and docs/cluster.md)
# Not built or run in Cairn's own CI (no Docker engine there): report problems.

# --- build: Maven on Temurin 25 -------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
# Dependencies first, so that source edits reuse the cached layer.
COPY pom.xml ./
COPY api/pom.xml api/
COPY control-plane/pom.xml control-plane/
COPY raft-shard-node/pom.xml raft-shard-node/
COPY gateway/pom.xml gateway/
COPY sdk-java/pom.xml sdk-java/
COPY testkit/pom.xml testkit/
COPY server/pom.xml server/
RUN mvn -B -q dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN mvn -B -q -Dmaven.test.skip=true package

# --- runtime: Temurin 25 JRE ----------------------------------------------------------------
FROM eclipse-temurin:25-jre
RUN groupadd --system cairn && useradd --system --gid cairn --home-dir /var/lib/cairn cairn \
    && mkdir -p /opt/cairn/lib /var/lib/cairn && chown cairn:cairn /var/lib/cairn
COPY --from=build /src/server/target/lib/ /opt/cairn/lib/
COPY --from=build /src/server/target/cairn-server-*.jar /opt/cairn/lib/
USER cairn
WORKDIR /var/lib/cairn
VOLUME /var/lib/cairn
# 2379: gateway (etcd gRPC + REST); 2380/2381: raft/rpc of a control-plane replica or store node.
EXPOSE 2379 2380 2381
ENV JAVA_OPTS="-XX:MaxRAMPercentage=50"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -Dlogback.middleware.log.disable=true -Dsofa.middleware.log.internal.level=ERROR --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dcom.google.protobuf.use_unsafe_pre22_gencode=true -cp '/opt/cairn/lib/*' io.cairn.server.Main \"$@\"", "cairn"]
CMD ["--help"]
