package io.labelgate.benchmarks;

import io.labelgate.benchmarks.Report.Load;
import io.labelgate.benchmarks.Report.Micro;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

import static io.labelgate.benchmarks.Report.baselineOf;
import static io.labelgate.benchmarks.Report.number;
import static io.labelgate.benchmarks.Report.ratio;
import static io.labelgate.benchmarks.ReportTargets.MAX_EMBEDDED_DECISION_MICROS;
import static io.labelgate.benchmarks.ReportTargets.MAX_REMOTE_DECISION_MICROS;

/**
 * {@link Report}'s chart, {@code results.png}, drawn with Java2D (headless): JMH medians on a
 * logarithmic axis (they span three orders of magnitude) on the left, with the decision
 * targets as dashed lines; load requests/s on the right, each protected target with its ratio to
 * its baseline.
 */
final class ReportChart {

    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Color CACHED = new Color(0x2E, 0x8B, 0x57);
    private static final Color UNCACHED = new Color(0x46, 0x82, 0xB4);
    private static final Color REMOTE = new Color(0xCD, 0x85, 0x3F);
    private static final Color BASELINE = new Color(0x99, 0x99, 0x99);
    private static final Color PEER = new Color(0x8B, 0x45, 0x74);

    private ReportChart() {}

    /** The chart of a run: the microbenchmarks left, the load targets right, headless. */
    static BufferedImage draw(List<Micro> micros, List<Load> loads, String mode) {
        int rowHeight = 26;
        int width = 1400;
        int loadChartHeight = 380;
        int height = Math.max(60 + 30 + micros.size() * rowHeight + 40, 60 + 40 + loadChartHeight + 60) + 20;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(INK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            g.drawString(
                    "labelgate benchmarks (" + mode + ", "
                            + Runtime.getRuntime().availableProcessors() + " processors, Java "
                            + System.getProperty("java.specification.version") + ")",
                    20,
                    34);
            drawMicros(g, micros, 20, 60, 900, rowHeight);
            drawLoads(g, loads, 960, 60, 420, loadChartHeight);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawMicros(Graphics2D g, List<Micro> micros, int x, int y, int width, int rowHeight) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(INK);
        g.drawString("JMH: median µs per operation (log scale)", x, y + 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = g.getFontMetrics();
        int labelWidth = micros.stream()
                        .mapToInt(micro -> metrics.stringWidth(shortLabel(micro)))
                        .max()
                        .orElse(100)
                + 10;
        int barX = x + labelWidth;
        int barWidth = width - labelWidth - 70;
        double min = micros.stream()
                .mapToDouble(Micro::median)
                .filter(v -> v > 0)
                .min()
                .orElse(0.1);
        double max = micros.stream()
                .mapToDouble(Micro::median)
                .filter(v -> v > 0)
                .max()
                .orElse(1000);
        double low = Math.pow(10, Math.floor(Math.log10(min)));
        double high = max * 1.8;
        if (high <= low) {
            high = low * 10;
        }
        int top = y + 30;
        int bottom = top + micros.size() * rowHeight;
        for (double tick = low; tick <= high; tick *= 10) {
            int tx = barX + (int) Math.round(scale(tick, low, high) * barWidth);
            g.setColor(GRID);
            g.drawLine(tx, top - 4, tx, bottom);
            g.setColor(INK);
            String text = number(tick);
            g.drawString(text, tx - metrics.stringWidth(text) / 2, bottom + 16);
        }
        int row = 0;
        for (Micro micro : micros) {
            int ry = top + row * rowHeight;
            g.setColor(INK);
            g.drawString(shortLabel(micro), x, ry + rowHeight / 2 + 5);
            if (micro.median() > 0) {
                int length = Math.max(2, (int) Math.round(scale(micro.median(), low, high) * barWidth));
                g.setColor(colour(micro.label()));
                g.fillRect(barX, ry + 4, length, rowHeight - 8);
                g.setColor(INK);
                g.drawString(number(micro.median()), barX + length + 6, ry + rowHeight / 2 + 5);
            }
            row++;
        }
        drawTarget(g, "30 µs", MAX_EMBEDDED_DECISION_MICROS, low, high, barX, barWidth, top, bottom, metrics);
        drawTarget(g, "250 µs", MAX_REMOTE_DECISION_MICROS, low, high, barX, barWidth, top, bottom, metrics);
    }

    private static void drawTarget(
            Graphics2D g,
            String text,
            double value,
            double low,
            double high,
            int barX,
            int barWidth,
            int top,
            int bottom,
            FontMetrics metrics) {
        if (value < low || value > high) {
            return;
        }
        int tx = barX + (int) Math.round(scale(value, low, high) * barWidth);
        g.setColor(new Color(0xB2, 0x22, 0x22));
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
        g.drawLine(tx, top - 6, tx, bottom);
        g.setStroke(new BasicStroke());
        g.drawString("target " + text, tx - metrics.stringWidth("target " + text) / 2, top - 10);
    }

    private static double scale(double value, double low, double high) {
        return (Math.log10(value) - Math.log10(low)) / (Math.log10(high) - Math.log10(low));
    }

    private static String shortLabel(Micro micro) {
        return micro.label().replace("Benchmark.", ".");
    }

    private static Color colour(String label) {
        if (label.contains("remote")) {
            return REMOTE;
        }
        if (label.contains("CachedHit") || label.contains("embeddedCached") || label.contains("caches=warm")) {
            return CACHED;
        }
        return UNCACHED;
    }

    private static void drawLoads(Graphics2D g, List<Load> loads, int x, int y, int width, int height) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(INK);
        g.drawString("Load: requests/s (Payara Micro, loopback)", x, y + 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = g.getFontMetrics();
        if (loads.isEmpty()) {
            g.drawString("no load run", x, y + 40);
            return;
        }
        double max = loads.stream().mapToDouble(Load::requestsPerSecond).max().orElse(1);
        int top = y + 40;
        int bottom = top + height;
        int slot = width / loads.size();
        for (int i = 0; i < loads.size(); i++) {
            Load load = loads.get(i);
            int barHeight = (int) Math.round(load.requestsPerSecond() / max * (bottom - top - 40));
            int bx = x + i * slot + slot / 6;
            int bw = slot * 2 / 3;
            g.setColor(
                    !load.isProtected()
                            ? BASELINE
                            : load.isPeer() ? PEER : load.name().contains("remote") ? REMOTE : CACHED);
            g.fillRect(bx, bottom - barHeight, bw, barHeight);
            g.setColor(INK);
            String value = number(load.requestsPerSecond());
            g.drawString(value, bx + (bw - metrics.stringWidth(value)) / 2, bottom - barHeight - 20);
            if (load.isProtected() && baselineOf(loads, load).isPresent()) {
                String ratio = "× " + ratio(ratio(loads, load));
                g.drawString(ratio, bx + (bw - metrics.stringWidth(ratio)) / 2, bottom - barHeight - 6);
            }
            g.drawString(load.name(), bx + (bw - metrics.stringWidth(load.name())) / 2, bottom + 16);
            String median = "p50 " + number(load.medianMicros()) + " µs";
            String p99 = "p99 " + number(load.p99Micros()) + " µs";
            g.drawString(median, bx + (bw - metrics.stringWidth(median)) / 2, bottom + 32);
            g.drawString(p99, bx + (bw - metrics.stringWidth(p99)) / 2, bottom + 48);
        }
        g.setColor(GRID);
        g.drawLine(x, bottom, x + width, bottom);
    }
}
