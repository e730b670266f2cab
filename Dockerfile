# Caravan as ToolHive's vMCP image: set VMCP_IMAGE=<this image> on ToolHive's operator. The operator
# runs it with no command (this ENTRYPOINT), the args
#   serve --config=/etc/vmcp-config/config.yaml --host=0.0.0.0 --port=4483 [--debug]
# as uid/gid 1000, a read-only root filesystem with no writable /tmp (HOME=/tmp), and a 512Mi memory
# limit. The JVM flags for that are in container/jvm.options; .ci/readonly-start.sh starts the jar
# with the same flags on a read-only root. With no args the image runs the demo on port 8080.

# Build: the jar, without the build tree's class-data archive (it belongs to this JDK and path).
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
COPY src ./src
RUN mvn -B -q -Dmaven.test.skip=true -DskipCds package
# Cedar's native library (authz.type: cedar), unpacked now for this machine's architecture: cedar-java
# would unpack it from the jar at run time, and the pod has no writable directory for that.
RUN mkdir -p /src/native && cd /src/native && jar xf /src/target/caravan.jar "jne/linux/$(uname -m)/libcedar_java_ffi.so" \
    && mv "jne/linux/$(uname -m)/libcedar_java_ffi.so" . && rm -rf jne

# Runtime: a JRE and the jar; nothing is written here at run time.
FROM eclipse-temurin:21-jre
WORKDIR /app
COPY --from=build /src/target/caravan.jar /app/caravan.jar
COPY container/jvm.options /app/jvm.options
COPY --from=build /src/native/libcedar_java_ffi.so /app/libcedar_java_ffi.so
# cedar-java loads its library from here instead of unpacking it into /tmp
ENV CEDAR_JAVA_FFI_LIB=/app/libcedar_java_ffi.so
# The class-data archive, made by this image's own JVM for the jar at its final path (an archive
# from another JDK or path would be ignored): the demo runs for a few seconds and the JVM writes
# the classes it loaded when it exits. At run time it is only read (-Xshare:auto in jvm.options).
RUN java @/app/jvm.options -XX:ArchiveClassesAtExit=/app/caravan.jsa -Dcamel.main.duration-max-seconds=6 \
        -Dcamel.server.host=127.0.0.1 -Dcamel.management.host=127.0.0.1 -Dcaravan.config= -jar /app/caravan.jar \
        > /dev/null \
    && chmod 0444 /app/caravan.jar /app/caravan.jsa /app/jvm.options /app/libcedar_java_ffi.so
USER 1000:1000
ENV HOME=/tmp XDG_CONFIG_HOME=/tmp
# SECURITY DECISION: a gateway without incomingAuth (anonymous, no apiKeys) binds to 127.0.0.1
# unless this is true. The image is the operator's vMCP pod (it binds 0.0.0.0 and the cluster's
# network policy is the boundary) and `docker run -p` needs the container's own interface, so the
# image allows it and the gateway warns at start; set it to false to keep an anonymous gateway local.
ENV CARAVAN_SERVER_ALLOW_ANONYMOUS_REMOTE=true
# 4483: MCP and ToolHive's /health, /readyz, /status (the operator's port); 9876: the management
# port (/observe/health, /observe/metrics, the status page at /caravan/).
EXPOSE 4483 9876
# exec form: java is PID 1 and gets the kubelet's SIGTERM for a graceful shutdown
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:SharedArchiveFile=/app/caravan.jsa", "-jar", "/app/caravan.jar"]
