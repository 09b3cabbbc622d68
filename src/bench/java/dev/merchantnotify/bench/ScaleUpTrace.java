package dev.merchantnotify.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.imageio.ImageIO;

/**
 * Scenario C's course over time: once a second, how many notifications the merchants have received so far and the
 * server's heap in use; then the delivery rate of the first and the second half of the notifications, the heap's floor
 * in each half (the lowest heap in each 10 s, i.e. what survived the collections), a CSV and a PNG of both curves.
 */
final class ScaleUpTrace implements AutoCloseable {

    /** Deliveries per second are averaged over this many seconds in the plot. */
    private static final int RATE_WINDOW_SECONDS = 5;
    /** The heap's floor is the lowest sample in windows of this many seconds. */
    private static final int FLOOR_WINDOW_SECONDS = 10;

    record Sample(double seconds, long delivered, long heapBytes) {
    }

    /**
     * The two halves compared: deliveries per second in each, and the median and highest heap floor (MB) in each.
     */
    record Halves(long total, double firstPerSecond, double secondPerSecond, double firstFloorMb,
                  double secondFloorMb, double firstFloorPeakMb, double secondFloorPeakMb) {

        String describe() {
            return String.format(Locale.ROOT, "first %,d at %,.0f/s, last %,d at %,.0f/s (%.2f); heap floor "
                            + "median %.0f MB then %.0f MB, highest %.0f MB then %.0f MB", total / 2, firstPerSecond,
                    total - total / 2, secondPerSecond, secondPerSecond / firstPerSecond, firstFloorMb, secondFloorMb,
                    firstFloorPeakMb, secondFloorPeakMb);
        }
    }

    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService sampler;
    private final long start = System.nanoTime();
    private final LongSupplier delivered;
    private final LongSupplier heapBytes;

    private ScaleUpTrace(LongSupplier delivered, LongSupplier heapBytes) {
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bench-scale-up-trace");
            thread.setDaemon(true);
            return thread;
        });
        this.delivered = delivered;
        this.heapBytes = heapBytes;
        sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        Sample sample = new Sample((System.nanoTime() - start) / 1e9, delivered.getAsLong(), heapBytes.getAsLong());
        synchronized (samples) {
            samples.add(sample);
        }
    }

    /** Starts sampling now, once a second. */
    static ScaleUpTrace start(LongSupplier delivered, LongSupplier heapBytes) {
        return new ScaleUpTrace(delivered, heapBytes);
    }

    /** Stops sampling, after one last sample (the count the caller waited for); closing again does nothing. */
    @Override
    public void close() throws InterruptedException {
        if (!sampler.isShutdown()) {
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            sample();
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Compares the first half of {@code total} deliveries with the second; {@code null} if too few samples. */
    Halves halves(long total) {
        List<Sample> all = samples();
        double begin = timeOf(all, 1);
        double middle = timeOf(all, total / 2);
        double end = timeOf(all, total);
        if (Double.isNaN(begin) || Double.isNaN(middle) || Double.isNaN(end) || middle <= begin || end <= middle) {
            return null;
        }
        double[] floors = floors(all);
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        for (int w = 0; w < floors.length; w++) {
            double at = (w + 0.5) * FLOOR_WINDOW_SECONDS;
            if (floors[w] > 0 && at >= begin && at <= end) {
                (at < middle ? first : second).add(floors[w] / 1e6);
            }
        }
        return new Halves(total, (total / 2) / (middle - begin), (total - total / 2) / (end - middle), median(first),
                median(second), max(first), max(second));
    }

    /** The time at which {@code count} deliveries were reached, interpolated between samples; NaN if never. */
    private static double timeOf(List<Sample> all, long count) {
        for (int i = 0; i < all.size(); i++) {
            Sample sample = all.get(i);
            if (sample.delivered() >= count) {
                if (i == 0) {
                    return sample.seconds();
                }
                Sample before = all.get(i - 1);
                double share = (count - before.delivered()) / (double) (sample.delivered() - before.delivered());
                return before.seconds() + share * (sample.seconds() - before.seconds());
            }
        }
        return Double.NaN;
    }

    /** The lowest heap sample in each window of {@link #FLOOR_WINDOW_SECONDS}; 0 where none was taken. */
    private static double[] floors(List<Sample> all) {
        if (all.isEmpty()) {
            return new double[0];
        }
        double[] floors = new double[(int) (all.get(all.size() - 1).seconds() / FLOOR_WINDOW_SECONDS) + 1];
        for (Sample sample : all) {
            if (sample.heapBytes() > 0) {
                int w = (int) (sample.seconds() / FLOOR_WINDOW_SECONDS);
                floors[w] = floors[w] == 0 ? sample.heapBytes() : Math.min(floors[w], sample.heapBytes());
            }
        }
        return floors;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** One line a second: seconds, delivered so far, heap in use (bytes). */
    void writeCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("seconds,delivered,heap_bytes\n");
        for (Sample sample : samples()) {
            csv.append(String.format(Locale.ROOT, "%.1f,%d,%d%n", sample.seconds(), sample.delivered(),
                    sample.heapBytes()));
        }
        Files.writeString(file, csv);
    }

    /**
     * Two panels over the same time axis: deliveries per second (averaged over 5 s) with the two halves' rates, and the
     * heap in use (every sample, and its floor per 10 s).
     */
    void writePng(Path file, String title, Halves halves) throws IOException {
        List<Sample> all = samples();
        double lastSecond = all.isEmpty() ? 1 : Math.max(1, all.get(all.size() - 1).seconds());
        List<double[]> rate = new ArrayList<>();
        for (int i = RATE_WINDOW_SECONDS; i < all.size(); i += RATE_WINDOW_SECONDS) {
            Sample from = all.get(i - RATE_WINDOW_SECONDS);
            Sample to = all.get(i);
            rate.add(new double[] {(from.seconds() + to.seconds()) / 2,
                    (to.delivered() - from.delivered()) / (to.seconds() - from.seconds())});
        }
        List<double[]> heap = new ArrayList<>();
        for (Sample sample : all) {
            if (sample.heapBytes() > 0) {
                heap.add(new double[] {sample.seconds(), sample.heapBytes() / 1e6});
            }
        }
        double[] floors = floors(all);
        List<double[]> floor = new ArrayList<>();
        for (int w = 0; w < floors.length; w++) {
            if (floors[w] > 0) {
                floor.add(new double[] {(w + 0.5) * FLOOR_WINDOW_SECONDS, floors[w] / 1e6});
            }
        }

        int width = 1100;
        int height = 720;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, 20, 26);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            if (halves != null) {
                g.drawString(halves.describe(), 20, 46);
            }
            Panel deliveries = new Panel(g, 80, 84, width - 110, 260, lastSecond,
                    Math.max(1, rate.stream().mapToDouble(p -> p[1]).max().orElse(1)) * 1.15,
                    "deliveries per second (" + RATE_WINDOW_SECONDS + " s average)");
            deliveries.line(rate, new Color(0x1f77b4), 1.6f);
            if (halves != null) {
                deliveries.level(halves.firstPerSecond(), 0, lastSecond / 2, new Color(0xd62728), "first half");
                deliveries.level(halves.secondPerSecond(), lastSecond / 2, lastSecond, new Color(0x2ca02c),
                        "second half");
            }
            Panel memory = new Panel(g, 80, 400, width - 110, 270, lastSecond,
                    Math.max(1, heap.stream().mapToDouble(p -> p[1]).max().orElse(1)) * 1.15,
                    "server heap in use, MB (grey: every second; black: lowest per " + FLOOR_WINDOW_SECONDS + " s)");
            memory.line(heap, new Color(0xbbbbbb), 1f);
            memory.line(floor, Color.BLACK, 2f);
            g.setColor(Color.BLACK);
            g.drawString("seconds since the server started draining", width / 2 - 110, height - 14);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    /** A plot area with its axes, ticks and title. */
    private static final class Panel {
        private final Graphics2D g;
        private final int left;
        private final int top;
        private final int width;
        private final int height;
        private final double xMax;
        private final double yMax;

        Panel(Graphics2D g, int left, int top, int width, int height, double xMax, double yMax, String title) {
            this.g = g;
            this.left = left;
            this.top = top;
            this.width = width;
            this.height = height;
            this.xMax = xMax;
            this.yMax = yMax;
            g.setColor(Color.BLACK);
            g.drawString(title, left, top - 8);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(left, top, width, height);
            double yStep = step(yMax);
            for (double y = 0; y <= yMax; y += yStep) {
                int py = y(y);
                g.setColor(new Color(0xeeeeee));
                g.drawLine(left + 1, py, left + width - 1, py);
                g.setColor(Color.BLACK);
                String label = String.format(Locale.ROOT, "%,.0f", y);
                g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), py + 4);
            }
            double xStep = step(xMax);
            for (double x = 0; x <= xMax; x += xStep) {
                int px = x(x);
                g.drawLine(px, top + height, px, top + height + 4);
                String label = String.format(Locale.ROOT, "%.0f", x);
                g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, top + height + 18);
            }
        }

        void line(List<double[]> points, Color color, float thickness) {
            if (points.size() < 2) {
                return;
            }
            Path2D path = new Path2D.Double();
            path.moveTo(x(points.get(0)[0]), y(points.get(0)[1]));
            for (double[] point : points.subList(1, points.size())) {
                path.lineTo(x(point[0]), y(point[1]));
            }
            g.setColor(color);
            g.setStroke(new BasicStroke(thickness));
            g.setClip(left, top, width + 1, height + 1);
            g.draw(path);
            g.setClip(null);
        }

        void level(double value, double from, double to, Color color, String label) {
            g.setColor(color);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f},
                    0f));
            g.drawLine(x(from), y(value), x(to), y(value));
            g.drawString(String.format(Locale.ROOT, "%s %,.0f/s", label, value), x(from) + 6, y(value) - 5);
        }

        private int x(double value) {
            return left + (int) Math.round(value / xMax * width);
        }

        private int y(double value) {
            return top + height - (int) Math.round(value / yMax * height);
        }

        /** A round step giving 4-10 ticks up to {@code max}. */
        private static double step(double max) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
            for (double factor : new double[] {0.1, 0.2, 0.5, 1, 2, 5}) {
                if (max / (magnitude * factor) <= 10) {
                    return magnitude * factor;
                }
            }
            return magnitude * 10;
        }
    }
}
