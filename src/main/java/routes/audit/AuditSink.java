package routes.audit;

/** Where audit lines go: one JSON object a line. A sink never throws; a failed write is logged. */
interface AuditSink extends AutoCloseable {

    void write(byte[] line);

    @Override
    void close();
}
