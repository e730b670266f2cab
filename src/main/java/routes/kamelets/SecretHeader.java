package routes.kamelets;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The step behind the Kamelets whose header value is a secret: {@code mcp-secret-header-forward-action}
 * (kept when the header is already set, like a forwarded header), {@code mcp-header-injection-action}
 * and {@code mcp-bearer-token-action} (overwrite: auth wins, as in the gateway's outgoing-auth step).
 * The value is given as a property (in Camel K from a Secret) or as a file, e.g. a mounted Secret
 * key, read on every message so a rotated Secret is used without a restart. The value never
 * appears in an error or {@link #toString()}.
 */
public final class SecretHeader implements Processor {

    private String name;
    private String value = "";
    private String file = "";
    private String prefix = "";
    private boolean overwrite;

    public void setName(String name) {
        this.name = KameletProperties.headerName("name", name);
    }

    public void setValue(String value) {
        this.value = value == null ? "" : value;
    }

    public void setFile(String file) {
        this.file = file == null ? "" : file.trim();
    }

    /** Written before the value, e.g. {@code "Bearer "}. */
    public void setPrefix(String prefix) {
        this.prefix = prefix == null ? "" : prefix;
    }

    public void setOverwrite(boolean overwrite) {
        this.overwrite = overwrite;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Message msg = exchange.getMessage();
        if (!overwrite && msg.getHeader(name) != null) {
            return;
        }
        msg.setHeader(name, KameletProperties.sendable(name, prefix + secret()));
    }

    private String secret() throws IOException {
        if (value.isEmpty() == file.isEmpty()) {
            throw new IllegalStateException("header '" + name + "': set exactly one of the Kamelet properties"
                    + " secret (the value itself) and file (where it is mounted)");
        }
        if (value.isEmpty()) {
            String read;
            try {
                read = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException("header '" + name + "': cannot read its value from " + file + ": " + e.getClass().getSimpleName(), e);
            }
            // a Secret file written by hand often ends with a newline that is not part of the value
            read = read.strip();
            if (read.isEmpty()) {
                throw new IllegalStateException("header '" + name + "': " + file + " is empty");
            }
            return read;
        }
        return value;
    }

    @Override
    public String toString() {
        return "SecretHeader[" + name + (file.isEmpty() ? "" : " from " + file) + "]";
    }
}
