package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The latency plot: one panel per case (backend x clients), bars for p50, p90 and p99, direct
 * beside gateway, each panel on its own millisecond scale (1 and 50 clients differ by orders of
 * magnitude). Drawn with Java2D, written as PNG.
 */
final class Plot {

    private static final String[] PCTS = {"p50", "p90", "p99"};
    private static final Color DIRECT = new Color(0x4C78A8);
    private static final Color GATEWAY = new Color(0xF58518);
    private static final int PANEL_W = 400, PANEL_H = 300, COLS = 3, TOP = 70;

    private Plot() {
    }

    static void draw(ObjectNode report, Path png) throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        report.path("cases").forEach(cases::add);
        int rows = Math.max(1, (cases.size() + COLS - 1) / COLS);
        BufferedImage img = new BufferedImage(PANEL_W * COLS, TOP + PANEL_H * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("tools/call latency, direct vs through Caravan (" + report.path("mode").asText() + " run "
                + report.path("timestamp").asText() + ")", 20, 28);
        legend(g, 20, 48);
        if (cases.isEmpty()) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
            g.drawString("no load case ran; see the failures in the JSON", 20, TOP + 40);
        }
        for (int i = 0; i < cases.size(); i++) {
            panel(g, cases.get(i), (i % COLS) * PANEL_W, TOP + (i / COLS) * PANEL_H);
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static void legend(Graphics2D g, int x, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.setColor(DIRECT);
        g.fillRect(x, y, 14, 14);
        g.setColor(Color.BLACK);
        g.drawString("direct to the backend", x + 20, y + 12);
        g.setColor(GATEWAY);
        g.fillRect(x + 200, y, 14, 14);
        g.setColor(Color.BLACK);
        g.drawString("through the gateway", x + 220, y + 12);
    }

    private static void panel(Graphics2D g, JsonNode c, int x0, int y0) {
        int left = x0 + 55, right = x0 + PANEL_W - 15, top = y0 + 35, bottom = y0 + PANEL_H - 35;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        int clients = c.path("clients").asInt();
        g.drawString(c.path("backend").asText() + " backend, " + clients + (clients == 1 ? " client" : " clients"),
                x0 + 55, y0 + 20);
        double max = 0;
        for (String p : PCTS) {
            max = Math.max(max, Math.max(value(c, "direct", p), value(c, "gateway", p)));
        }
        double step = niceStep(max <= 0 ? 1 : max / 4);
        double scaleMax = Math.ceil((max <= 0 ? 1 : max) / step) * step;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (double v = 0; v <= scaleMax + step / 2; v += step) {
            int y = bottom - (int) Math.round((bottom - top) * v / scaleMax);
            g.setColor(new Color(0xE0E0E0));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = fmt(v);
            g.drawString(label, left - 6 - fm.stringWidth(label), y + 4);
        }
        g.drawString("ms", x0 + 8, top - 8);
        int group = (right - left) / PCTS.length, bar = group / 3;
        for (int i = 0; i < PCTS.length; i++) {
            int gx = left + i * group + (group - 2 * bar) / 2;
            bar(g, fm, DIRECT, value(c, "direct", PCTS[i]), gx, bar, top, bottom, scaleMax);
            bar(g, fm, GATEWAY, value(c, "gateway", PCTS[i]), gx + bar, bar, top, bottom, scaleMax);
            g.setColor(Color.BLACK);
            g.drawString(PCTS[i], gx + bar - fm.stringWidth(PCTS[i]) / 2, bottom + 15);
        }
        g.setStroke(new BasicStroke(1));
        g.setColor(Color.BLACK);
        g.drawLine(left, bottom, right, bottom);
        g.drawString(String.format(Locale.ROOT, "gateway/direct throughput %.2f", c.path("throughputRatio").asDouble()),
                left, bottom + 30);
    }

    private static void bar(Graphics2D g, FontMetrics fm, Color color, double v, int x, int w, int top, int bottom,
                            double scaleMax) {
        int h = (int) Math.round((bottom - top) * v / scaleMax);
        g.setColor(color);
        g.fillRect(x + 2, bottom - h, w - 4, h);
        g.setColor(Color.BLACK);
        String label = fmt(v);
        g.drawString(label, x + w / 2 - fm.stringWidth(label) / 2, bottom - h - 3);
    }

    private static double value(JsonNode c, String target, String pct) {
        return c.path(target).path("latencyMs").path(pct).asDouble();
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String fmt(double v) {
        if (v == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.0f" : v >= 1 ? "%.1f" : "%.2f", v);
    }
}
