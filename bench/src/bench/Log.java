package bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines on stdout, with the time, so a long run shows where it is. */
final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Log() {
    }

    static void info(String line) {
        System.out.println(LocalTime.now().format(TIME) + " " + line);
    }
}
