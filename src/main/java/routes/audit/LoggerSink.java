package routes.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Audit lines to the {@value #NAME} logger, which log4j2.properties writes as the bare line to
 * standard output (ToolHive's default is stdout too); a deployment can route it elsewhere.
 */
final class LoggerSink implements AuditSink {

    static final String NAME = "caravan.audit";
    private static final Logger AUDIT = LoggerFactory.getLogger(NAME);

    @Override
    public void write(byte[] line) {
        AUDIT.info(new String(line, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        // the logger belongs to the logging system
    }
}
